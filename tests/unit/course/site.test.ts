import { describe, expect, it } from 'vitest';
import { canonicalSite, siteAddress } from '../../../src/lib/course/site';
import { parseManifest } from '../../../src/lib/course/manifest-file';
import { exportManifest, exportRoster, makeTrainers } from '../../fixtures/export';

describe('the canonical site address', () => {
  it('adds the base path to a bare origin and keeps a full address as it is', () => {
    expect(canonicalSite('https://learn.example.com', '/training/')).toEqual({
      ok: true,
      value: 'https://learn.example.com/training/',
    });
    expect(canonicalSite('https://learn.example.com/training', '/training/')).toEqual({
      ok: true,
      value: 'https://learn.example.com/training/',
    });
    expect(canonicalSite(' https://learn.example.com/ ', '/')).toEqual({
      ok: true,
      value: 'https://learn.example.com/',
    });
  });

  it('is absent when the owner set none', () => {
    expect(canonicalSite(undefined, '/')).toEqual({ ok: true, value: undefined });
    expect(canonicalSite('  ', '/')).toEqual({ ok: true, value: undefined });
  });

  it('refuses addresses that would make ids point where the course is not', () => {
    expect(canonicalSite('learn.example.com', '/')).toMatchObject({ ok: false, reason: 'not-a-url' });
    expect(canonicalSite('http://learn.example.com/', '/')).toMatchObject({ ok: false, reason: 'not-https' });
    expect(canonicalSite('http://localhost:4321/', '/')).toEqual({ ok: true, value: 'http://localhost:4321/' });
    expect(canonicalSite('https://learn.example.com/?x=1', '/')).toMatchObject({ ok: false, reason: 'extra-parts' });
    const wrongPath = canonicalSite('https://learn.example.com/elsewhere/', '/training/');
    expect(wrongPath).toMatchObject({ ok: false, reason: 'base-mismatch' });
    expect(!wrongPath.ok && wrongPath.message).toContain('/training/');
  });

  it('is what pages make ids from, and says when the page address stands in for it', () => {
    expect(siteAddress({ site: 'https://learn.example.com/' }, 'http://127.0.0.1:4401/')).toEqual({
      url: 'https://learn.example.com/',
      stable: true,
    });
    expect(siteAddress({}, 'http://127.0.0.1:4401/')).toEqual({ url: 'http://127.0.0.1:4401/', stable: false });
  });

  it('survives a published manifest, and a damaged one is refused', async () => {
    const roster = exportRoster(await makeTrainers());
    const manifest = exportManifest(roster, { site: 'https://learn.example.com/training/' });
    expect(parseManifest(JSON.stringify(manifest))).toMatchObject({ ok: true, value: { site: manifest.site } });
    expect(parseManifest(JSON.stringify({ ...manifest, site: 'javascript:alert(1)' }))).toMatchObject({
      ok: false,
      reason: 'damaged',
    });
  });
});
