/**
 * `/xapi/profile.jsonld`: Tandem's xAPI profile (src/lib/export/xapi-profile.ts), so the verb,
 * activity type and extension IRIs in this course's statements resolve to what they mean.
 */
import type { APIRoute } from 'astro';
import { xapiProfile } from '../../lib/export/xapi-profile';
import { loadManifest } from '../../site/manifest';

export const GET: APIRoute = async () => {
  const manifest = await loadManifest();
  // Without a canonical address the ids can only be relative to where the site is served (the
  // build warns about it); JSON-LD resolves them against the document's own address.
  const site = manifest.site ?? new URL(import.meta.env.BASE_URL, 'https://site.invalid').href;
  const profile = JSON.stringify(xapiProfile(site), null, 2);
  const body = manifest.site ? profile : profile.replaceAll('https://site.invalid', '');
  return new Response(body, { headers: { 'Content-Type': 'application/ld+json' } });
};
