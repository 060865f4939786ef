import { describe, expect, it } from 'vitest';
import { base36ToObjectId, objectIdToBase36 } from './base36.ts';
import { ObjectIdError } from './errors.ts';
import { normalizeObjectId } from './object-id.ts';

const PORTAL_ID = '0x5ac988828a0c9842d91e6d5bdd9552ec9fcdddf11c56bf82dff6d5566685a31e';
const PORTAL_LABEL = '29gjzk8yjl1v7zm2etee1siyzaqfj9jaru5ufs6yyh1yqsgun2';
const RUST_ID = '0x05fb8843a23017cbf1c907bd559a2d6191b77bc595d4c83853cca14cc784c0a8';
const RUST_LABEL = '5d8t4gd5q8x4xcfyctpygyr5pnk85x54o7ndeq2j4pg9l7rmw';

describe('objectIdToBase36', () => {
  it('matches the portal and site-builder test vectors', () => {
    expect(objectIdToBase36(PORTAL_ID)).toBe(PORTAL_LABEL);
    expect(objectIdToBase36(RUST_ID)).toBe(RUST_LABEL);
  });

  it('accepts the 32 bytes and short or upper-case hex', () => {
    const bytes = Uint8Array.from(PORTAL_ID.slice(2).match(/../g)!, (h) => parseInt(h, 16));
    expect(objectIdToBase36(bytes)).toBe(PORTAL_LABEL);
    expect(objectIdToBase36(PORTAL_ID.toUpperCase().replace('0X', '0x'))).toBe(PORTAL_LABEL);
    expect(objectIdToBase36('0x2')).toBe(`${'0'.repeat(31)}2`);
  });

  it("keeps a 0 per leading zero byte, the form the walrus-sites portals' base-x decodes to 32 bytes", () => {
    const id = `0x00${'ff'.repeat(31)}`;
    const label = objectIdToBase36(id);
    expect(label).toBe(`0${(2n ** 248n - 1n).toString(36)}`);
    expect(base36ToObjectId(label)).toBe(id);
    expect(objectIdToBase36(`0x0000${'01'.repeat(30)}`).startsWith('00')).toBe(true);
    expect(objectIdToBase36(`0x0000${'01'.repeat(30)}`).startsWith('000')).toBe(false);
    expect(objectIdToBase36(`0x${'0'.repeat(64)}`)).toBe('0'.repeat(32));
    // Without zero bytes nothing changes: a label never starts with 0 then.
    expect(objectIdToBase36(PORTAL_ID).startsWith('0')).toBe(false);
  });

  it("gives labels that a base-x decoder (the official portal's) turns into exactly the 32 ID bytes", () => {
    for (let i = 0; i < 200; i++) {
      const bytes = crypto.getRandomValues(new Uint8Array(32));
      bytes.fill(0, 0, i % 3); // some with one or two leading zero bytes
      expect(baseXDecode(objectIdToBase36(bytes))).toEqual(bytes);
    }
  });

  it('rejects what is not an object ID', () => {
    expect(() => objectIdToBase36('0x')).toThrow(ObjectIdError);
    expect(() => objectIdToBase36(`0x${'1'.repeat(65)}`)).toThrow(ObjectIdError);
    expect(() => objectIdToBase36('hello')).toThrow(/not a Sui object ID: "hello"/);
    expect(() => objectIdToBase36(new Uint8Array(31))).toThrow(ObjectIdError);
  });
});

describe('base36ToObjectId', () => {
  it('decodes the test vectors to normalized IDs', () => {
    expect(base36ToObjectId(PORTAL_LABEL)).toBe(PORTAL_ID);
    expect(base36ToObjectId(RUST_LABEL)).toBe(RUST_ID);
  });

  it('is case-insensitive', () => {
    expect(base36ToObjectId(PORTAL_LABEL.toUpperCase())).toBe(PORTAL_ID);
  });

  it('round-trips IDs that start with 0x00, left-padding to 32 bytes', () => {
    const id = `0x0000${'a1'.repeat(30)}`;
    const label = objectIdToBase36(id);
    expect(label.startsWith('00')).toBe(true);
    expect(base36ToObjectId(label)).toBe(id);
    // site-builder's spelling, without the leading zeros, decodes to the same ID.
    expect(base36ToObjectId(label.replace(/^0+/, ''))).toBe(id);
  });

  it('round-trips random IDs', () => {
    for (let i = 0; i < 200; i++) {
      const bytes = crypto.getRandomValues(new Uint8Array(32));
      if (i % 4 === 0) bytes[0] = 0;
      const id = `0x${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
      expect(base36ToObjectId(objectIdToBase36(id))).toBe(id);
    }
  });

  it('returns null for values that are not 32-byte IDs', () => {
    const max = (1n << 256n) - 1n;
    expect(base36ToObjectId(max.toString(36))).toBe(`0x${'f'.repeat(64)}`);
    expect(base36ToObjectId((max + 1n).toString(36))).toBeNull();
    expect(base36ToObjectId('')).toBeNull();
    expect(base36ToObjectId('my-site')).toBeNull();
    expect(base36ToObjectId('abc.def')).toBeNull();
    expect(base36ToObjectId('z'.repeat(60))).toBeNull();
  });

  it('rejects non-ASCII letters that lowercase to base-36 digits (found by fuzz/)', () => {
    // U+212A KELVIN SIGN lowercases to `k`, U+0130 to `i` + a combining dot.
    expect(base36ToObjectId('\u212a')).toBeNull();
    expect(base36ToObjectId(`5d8t4gd5q8x4xcfyctpygyr5pn\u212a85x54o7ndeq2j4pg9l7rmw`)).toBeNull();
    expect(base36ToObjectId('\u0130')).toBeNull();
    expect(base36ToObjectId('K')).toBe(base36ToObjectId('k'));
  });
});

describe('normalizeObjectId', () => {
  it('accepts what Sui ObjectID deserialization accepts', () => {
    expect(normalizeObjectId('0x2')).toBe(`0x${'0'.repeat(63)}2`);
    expect(normalizeObjectId(PORTAL_ID.slice(2))).toBe(PORTAL_ID);
    expect(normalizeObjectId(`0x${PORTAL_ID.slice(2).toUpperCase()}`)).toBe(PORTAL_ID);
  });

  it('rejects the rest', () => {
    expect(normalizeObjectId('0x')).toBeNull();
    expect(normalizeObjectId('2')).toBeNull(); // without 0x it must be 64 digits
    expect(normalizeObjectId(`0X${PORTAL_ID.slice(2)}`)).toBeNull();
    expect(normalizeObjectId(`${PORTAL_ID}0`)).toBeNull();
    expect(normalizeObjectId('0xg')).toBeNull();
    expect(normalizeObjectId(` ${PORTAL_ID}`)).toBeNull();
  });
});

/**
 * base-x's decoding (the walrus-sites portals' `objectId_operations.ts`), written out from its
 * definition: each leading `0` is a zero byte, the rest is a big-endian number in minimal bytes.
 */
function baseXDecode(label: string): Uint8Array {
  const zeros = /^0*/.exec(label)![0].length;
  let value = 0n;
  for (const char of label.slice(zeros)) value = value * 36n + BigInt(parseInt(char, 36));
  const hex = value === 0n ? '' : value.toString(16);
  const rest = Uint8Array.from((hex.length % 2 ? `0${hex}` : hex).match(/../g) ?? [], (h) => parseInt(h, 16));
  return Uint8Array.from([...new Array<number>(zeros).fill(0), ...rest]);
}
