/** `/tandem/manifest.json`: the course manifest, for `npm run verify`, cohort tools and anyone checking a record. */
import type { APIRoute } from 'astro';
import { loadManifest } from '../../site/manifest';

export const GET: APIRoute = async () =>
  new Response(JSON.stringify(await loadManifest(), null, 2), { headers: { 'Content-Type': 'application/json' } });
