import { describe, expect, it } from 'vitest';
import { objectIdToBase36 } from '../../../core/site/base36.ts';
import { parseSiteTarget, SiteTargetError } from './site-target.ts';

const ID = '0x5ac988828a0c9842d91e6d5bdd9552ec9fcdddf11c56bf82dff6d5566685a31e';
const LABEL = '29gjzk8yjl1v7zm2etee1siyzaqfj9jaru5ufs6yyh1yqsgun2';
const parse = (input: string) => parseSiteTarget(input, 'localhost');

describe('parseSiteTarget', () => {
  it('turns an object ID into its base36 label and keeps a base36 label', () => {
    expect(parse(ID)).toMatchObject({ label: objectIdToBase36(ID), kind: 'object-id' });
    expect(parse(LABEL)).toMatchObject({ label: LABEL, kind: 'base36' });
  });

  it('takes names and SuiNS subnames in every spelling', () => {
    expect(parse('hello')).toMatchObject({ label: 'hello', kind: 'name' });
    expect(parse('@hello')).toMatchObject({ label: 'hello', kind: 'name' });
    expect(parse('blog.hello.sui')).toMatchObject({ label: 'blog.hello', kind: 'name' });
    expect(parse('blog@hello')).toMatchObject({ label: 'blog.hello', kind: 'name' });
  });

  it('reads a pasted URL of this portal with the portal host parser, subnames included', () => {
    expect(parse(`http://${LABEL}.localhost:3000/about.html`)).toMatchObject({
      label: LABEL,
      kind: 'base36',
    });
    expect(parse('http://blog.hello.localhost:3000/')).toMatchObject({ label: 'blog.hello', kind: 'name' });
  });

  it("reads another portal's URL as the walrus-sites portals do: everything left of its domain", () => {
    expect(parse('https://blog.hello.wal.app/post')).toMatchObject({ label: 'blog.hello', kind: 'name' });
    expect(parse('https://hello.wal.app/')).toMatchObject({ label: 'hello', kind: 'name' });
  });

  it('refuses what names no site', () => {
    expect(() => parse('  ')).toThrow(SiteTargetError);
    expect(() => parse('http://localhost:3000/')).toThrow(SiteTargetError);
    expect(() => parse('https://wal.app/')).toThrow(SiteTargetError);
    expect(() => parse('hel lo')).toThrow(SiteTargetError);
  });
});
