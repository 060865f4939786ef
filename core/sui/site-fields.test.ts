// The derivation is recomputed here from its definition, independently of @mysten/sui; the
// integration test checks the same IDs against the objects the devnet chain creates.
import { describe, expect, it } from 'vitest';
import { blake2b } from '@noble/hashes/blake2.js';
import { bcs, TypeTagSerializer } from '@mysten/sui/bcs';
import { deriveDynamicFieldID, fromHex, normalizeSuiAddress, toHex } from '@mysten/sui/utils';
import {
  BYTES_NAME_TYPE,
  deriveFieldId,
  REDIRECTS_FIELD_NAME,
  redirectsFieldId,
  resourceFieldId,
  resourceFieldName,
  resourcePathType,
  ROUTES_FIELD_NAME,
  routesFieldId,
} from './site-fields.ts';

const SITE = normalizeSuiAddress('0x5ac988828a0c9842d91e6d5bdd9552ec9fcdddf11c56bf82dff6d5566685a31e');
const PKG = '0x26eb7ee8688da02c5f671679524e379f0b837a12f1d1d799f255b7eea260ad27';

/** blake2b256(0xf0 ‖ parent ‖ u64le(len(key)) ‖ key ‖ bcs(TypeTag)), as Sui's `derive_dynamic_field_id`. */
function expectedId(parent: string, type: string, key: Uint8Array): string {
  const tag = bcs.TypeTag.serialize(TypeTagSerializer.parseFromStr(type, true)).toBytes();
  const length = bcs.u64().serialize(key.length).toBytes();
  const input = Uint8Array.from([0xf0, ...fromHex(parent), ...length, ...key, ...tag]);
  return `0x${toHex(blake2b(input, { dkLen: 32 }))}`;
}

describe('site dynamic-field IDs', () => {
  it('names resources by <original package>::site::ResourcePath and the BCS path string', () => {
    const name = resourceFieldName('/index.html', PKG);
    expect(name.type).toBe(`${PKG}::site::ResourcePath`);
    expect(name.bcs).toEqual(Uint8Array.from([11, ...new TextEncoder().encode('/index.html')]));
    expect(resourcePathType('0x2')).toBe(`${normalizeSuiAddress('0x2')}::site::ResourcePath`);
  });

  it('derives resource, routes and redirects field IDs', () => {
    expect(resourceFieldId(SITE, '/index.html', PKG)).toBe(
      expectedId(SITE, `${PKG}::site::ResourcePath`, resourceFieldName('/index.html', PKG).bcs),
    );
    expect(ROUTES_FIELD_NAME).toEqual(Uint8Array.from([6, ...new TextEncoder().encode('routes')]));
    expect(REDIRECTS_FIELD_NAME).toEqual(Uint8Array.from([9, ...new TextEncoder().encode('redirects')]));
    expect(routesFieldId(SITE)).toBe(expectedId(SITE, 'vector<u8>', ROUTES_FIELD_NAME));
    expect(redirectsFieldId(SITE)).toBe(expectedId(SITE, 'vector<u8>', REDIRECTS_FIELD_NAME));
  });

  it('gives different IDs for different paths, sites and packages', () => {
    const ids = new Set([
      resourceFieldId(SITE, '/a', PKG),
      resourceFieldId(SITE, '/b', PKG),
      resourceFieldId(normalizeSuiAddress('0x1'), '/a', PKG),
      resourceFieldId(SITE, '/a', '0x2'),
      routesFieldId(SITE),
      redirectsFieldId(SITE),
    ]);
    expect(ids.size).toBe(6);
  });
});

describe('deriveFieldId', () => {
  it("derives the SDK's IDs for resource, routes and SuiNS-style names, whatever the parent's spelling", () => {
    const cases: [string, string, Uint8Array][] = [
      ['0x5', '0x2::kiosk::Listing', new Uint8Array([1, 2, 3])],
      [SITE_ID_FOR_DERIVE, resourcePathType('0x26eb'), bcs.string().serialize('/index.html').toBytes()],
      [SITE_ID_FOR_DERIVE, BYTES_NAME_TYPE, ROUTES_FIELD_NAME],
      ['0xabc', 'vector<u8>', new Uint8Array(300).fill(7)],
    ];
    for (const [parent, type, name] of cases) {
      expect(deriveFieldId(parent, type, name)).toBe(deriveDynamicFieldID(parent, type, name));
      expect(deriveFieldId(normalizeSuiAddress(parent), type, name)).toBe(
        deriveDynamicFieldID(parent, type, name),
      );
    }
  });
});

const SITE_ID_FOR_DERIVE = '0x' + 'ab'.repeat(32);
