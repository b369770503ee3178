/**
 * The roster's public keys for software that is not Tandem (src/lib/course/published-keys.ts):
 * after the build, `.well-known/jwks.json` (always) and the did:web document (only with a
 * canonical site address: a DID is made from the host name, and one made from wherever the site
 * happens to be opened would name nothing). Written from the built manifest, so the keys are
 * exactly the ones Tandem's own verifier trusts.
 */
import type { AstroIntegration } from 'astro';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseManifest } from '../lib/course/manifest-file.ts';
import { JWKS_PATH, didDocument, didDocumentPath, didWeb, rosterJwks } from '../lib/course/published-keys.ts';

function write(dir: string, file: string, value: unknown): void {
  const full = path.join(dir, file);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, `${JSON.stringify(value, null, 2)}\n`);
}

export function wellKnownKeys(): AstroIntegration {
  return {
    name: 'tandem-well-known-keys',
    hooks: {
      'astro:build:done': ({ dir, logger }) => {
        const out = fileURLToPath(dir);
        const manifestFile = path.join(out, 'tandem/manifest.json');
        if (!existsSync(manifestFile)) throw new Error('[tandem] the built manifest (tandem/manifest.json) is missing');
        const manifest = parseManifest(readFileSync(manifestFile, 'utf8'));
        if (!manifest.ok) throw new Error(`[tandem] the built manifest cannot be read: ${manifest.message}`);
        write(out, JWKS_PATH, rosterJwks(manifest.value));
        const site = manifest.value.site;
        if (site === undefined) {
          logger.warn(
            'no site address set: the trainers’ keys are published at .well-known/jwks.json, but no did:web document is written (a DID is made from the site’s host name), and Open Badges name their key by the address they were made at.',
          );
          return;
        }
        const file = didDocumentPath(site);
        write(out, file, didDocument(manifest.value, site, new Date(manifest.value.builtAt)));
        logger.info(`keys published: ${JWKS_PATH} and ${file} (${didWeb(site)})`);
      },
    },
  };
}
