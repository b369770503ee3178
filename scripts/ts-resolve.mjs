/**
 * Lets plain Node run the project's TypeScript (scripts/verify.ts, scripts/bench.ts): Node 24
 * strips types itself, but the sources import each other without extensions, as bundlers
 * allow. This resolve hook retries such relative imports with `.ts` and `/index.ts`.
 * Use: node --import ./scripts/ts-resolve.mjs scripts/verify.ts
 */
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      const relative = specifier.startsWith('./') || specifier.startsWith('../');
      if (!relative || error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
      for (const candidate of [`${specifier}.ts`, `${specifier}/index.ts`]) {
        try {
          return nextResolve(candidate, context);
        } catch {
          // try the next form
        }
      }
      throw error;
    }
  },
});
