import type { ClientWithCoreApi } from '@mysten/sui/client';
import { describe, expect, it } from 'vitest';
import { SiteBcs } from '../sui/site-bcs.ts';
import {
  isPreviewName,
  listOwnedSites,
  ownedSiteNamed,
  previewSiteName,
  splitPreviewSiteName,
} from './preview-site.ts';

const PKG = '0x5';

describe('preview names', () => {
  it('takes short lower-case labels only, like floe deploy --preview', () => {
    for (const ok of ['staging', 'pr-12', '0', 'a'.repeat(40)]) expect(isPreviewName(ok), ok).toBe(true);
    for (const bad of ['', 'Bad Name', 'UPPER', '-lead', 'a'.repeat(41), 'dots.no', 'x y'])
      expect(isPreviewName(bad), bad).toBe(false);
  });

  it('names the preview site after the live one, and splits that name again', () => {
    const name = previewSiteName('My Site', 'pr-7');
    expect(name).toBe('My Site (preview pr-7)');
    expect(splitPreviewSiteName(name)).toEqual({ siteName: 'My Site', preview: 'pr-7' });
    expect(splitPreviewSiteName('My Site')).toBeNull();
    expect(splitPreviewSiteName('My Site (preview Not Valid)')).toBeNull();
  });
});

/** A client whose owner holds these sites, two per page; records the pages read. */
function client(names: string[]) {
  const pages: (string | null)[] = [];
  const objects = names.map((name, i) => {
    const id = `0x${(i + 1).toString(16).padStart(64, '0')}`;
    const content = SiteBcs.serialize({
      id,
      name,
      link: null,
      image_url: null,
      description: null,
      project_url: null,
      creator: null,
    }).toBytes();
    return { objectId: id, content };
  });
  const sui = {
    core: {
      listOwnedObjects: async ({ cursor, type }: { cursor?: string; type: string }) => {
        expect(type).toBe(`0x${'0'.repeat(63)}5::site::Site`);
        pages.push(cursor ?? null);
        const start = Number(cursor ?? 0);
        return {
          objects: objects.slice(start, start + 2),
          hasNextPage: start + 2 < objects.length,
          cursor: String(start + 2),
        };
      },
    },
  } as unknown as ClientWithCoreApi;
  return { sui, pages, ids: objects.map((o) => o.objectId) };
}

describe('owned sites', () => {
  it('lists every page', async () => {
    const { sui, ids } = client(['a', 'b', 'c']);
    expect(await listOwnedSites(sui, '0xowner', PKG)).toEqual([
      { id: ids[0], name: 'a' },
      { id: ids[1], name: 'b' },
      { id: ids[2], name: 'c' },
    ]);
  });

  it('finds the first site with the exact name and reads no page after it', async () => {
    const { sui, pages, ids } = client(['live', 'live (preview x)', 'live (preview x)', 'other', 'more']);
    expect(await ownedSiteNamed(sui, '0xowner', PKG, 'live (preview x)')).toBe(ids[1]);
    expect(pages).toEqual([null]);
    expect(await ownedSiteNamed(sui, '0xowner', PKG, 'live (preview y)')).toBeNull();
  });
});
