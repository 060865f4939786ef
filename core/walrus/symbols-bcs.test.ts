// Vectors are hand-built from the serde layouts of the Rust types (walrus-core
// `encoding::symbols::{DecodingSymbol, EitherDecodingSymbol, GeneralRecoverySymbol}`,
// `merkle::{MerkleProof, Node}`, `SymbolId`) under BCS: structs are their fields in order,
// PhantomData fields encode to nothing, enums are a ULEB128 variant tag then the payload, Vec<u8>
// and Vec<T> a ULEB128 length then the elements, u16 little-endian, and a BTreeMap a ULEB128 count
// then key/value pairs sorted by the key's BCS bytes. The @mysten/bcs schemas are a second,
// independent encoder of the same layouts.
import { describe, expect, it } from 'vitest';
import { BcsDecodeError } from './bcs.ts';
import {
  compareU16Bcs,
  DecodingSymbolsBcs,
  parseDecodingSymbols,
  parseRecoverySymbols,
  parseSymbolId,
  recoverySymbolId,
  RecoverySymbolsBcs,
  serializeDecodingSymbols,
  serializeRecoverySymbols,
  serializeSymbolId,
  type DecodingSymbol,
  type RecoverySymbol,
} from './symbols-bcs.ts';

const hex = (text: string) => Uint8Array.from(text.match(/[0-9a-f]{2}/g) ?? [], (b) => parseInt(b, 16));
const DIGEST = new Uint8Array(32).fill(0x11);

// {1: [Primary {index 3, data aa bb}], 256: [Secondary {index 0x0102, data []}]}. Key 256 is
// `00 01` and key 1 is `01 00`, so 256 comes first on the wire.
const MAP_BYTES = hex(
  [
    '02', // two entries
    '0001 01 01 0201 00', // key 256: one symbol, variant Secondary, index 0x0102, no data
    '0100 01 00 0300 02 aabb', // key 1: one symbol, variant Primary, index 3, two data bytes
  ].join(''),
);
const MAP_VALUE = new Map<number, DecodingSymbol[]>([
  [1, [{ axis: 'primary', index: 3, data: hex('aabb') }]],
  [256, [{ axis: 'secondary', index: 0x0102, data: new Uint8Array(0) }]],
]);

// [GeneralRecoverySymbol { symbol: Secondary {index 7, data 01 02}, target_index 5,
//   proof: MerkleProof { path: [Empty, Digest(11 × 32)] } }]
const RECOVERY_BYTES = hex(`01 01 0700 02 0102 0500 02 00 01 ${'11'.repeat(32)}`.replaceAll(' ', ''));
const RECOVERY_VALUE: RecoverySymbol[] = [
  { symbol: { axis: 'secondary', index: 7, data: hex('0102') }, targetIndex: 5, proof: [null, DIGEST] },
];

describe('decoding symbols BCS', () => {
  it('serializes to the hand-built bytes, sorting keys by their BCS bytes', () => {
    expect(serializeDecodingSymbols(MAP_VALUE)).toEqual(MAP_BYTES);
    const parsed = parseDecodingSymbols(MAP_BYTES);
    expect([...parsed.keys()]).toEqual([256, 1]);
    expect(parsed).toEqual(MAP_VALUE);
    expect(parseDecodingSymbols(hex('00'))).toEqual(new Map());
  });

  it('agrees with the @mysten/bcs schema', () => {
    const schemaBytes = DecodingSymbolsBcs.serialize(
      new Map([
        [1, [{ Primary: { index: 3, data: hex('aabb') } }]],
        [256, [{ Secondary: { index: 0x0102, data: [] } }]],
      ]),
    ).toBytes();
    expect(schemaBytes).toEqual(MAP_BYTES);
  });

  it('keeps symbol data as views into the body', () => {
    const symbol = parseDecodingSymbols(MAP_BYTES).get(1)![0]!;
    expect(symbol.data.buffer).toBe(MAP_BYTES.buffer);
  });

  it('refuses keys out of canonical order, duplicates and malformed framing', () => {
    const bad = [
      // Key 1 before key 256: numeric order, not BCS byte order (Rust's bcs: NonCanonicalMap).
      '02 0100 00 0001 00',
      '02 0100 00 0100 00', // duplicate key
      '01 0100 01 02 0000 00', // variant tag 2
      '01 0100 01 00 0000 03 aabb', // data shorter than its length
      '01 0100 00 ff', // trailing byte
      '01 01', // truncated key
      'ffffffff0f', // a count the body cannot hold
      '8000', // non-canonical ULEB128
    ];
    for (const text of bad) {
      expect(() => parseDecodingSymbols(hex(text.replaceAll(' ', ''))), text).toThrow(BcsDecodeError);
    }
  });

  it('orders u16 keys by little-endian bytes', () => {
    expect([1, 256, 2, 0x0101, 0].sort(compareU16Bcs)).toEqual([0, 256, 1, 0x0101, 2]);
  });
});

describe('recovery symbols BCS', () => {
  it('serializes to the hand-built bytes and parses back', () => {
    expect(serializeRecoverySymbols(RECOVERY_VALUE)).toEqual(RECOVERY_BYTES);
    expect(parseRecoverySymbols(RECOVERY_BYTES)).toEqual(RECOVERY_VALUE);
    expect(parseRecoverySymbols(hex('00'))).toEqual([]);
  });

  it('agrees with the @mysten/bcs schema', () => {
    const parsed = RecoverySymbolsBcs.parse(RECOVERY_BYTES);
    expect(parsed).toHaveLength(1);
    expect(parsed[0]).toMatchObject({ symbol: { Secondary: { index: 7 } }, target_index: 5 });
    expect(parsed[0]!.proof.path.map((node) => node.$kind)).toEqual(['Empty', 'Digest']);
  });

  it('names the symbol a recovery symbol is', () => {
    // A secondary symbol recovers secondary sliver `targetIndex` from primary sliver `index`.
    expect(recoverySymbolId(RECOVERY_VALUE[0]!)).toEqual({ primary: 7, secondary: 5 });
    expect(
      recoverySymbolId({ symbol: { axis: 'primary', index: 7, data: hex('00') }, targetIndex: 5, proof: [] }),
    ).toEqual({ primary: 5, secondary: 7 });
  });

  it('refuses bad Merkle nodes, truncation and trailing bytes', () => {
    const bad = [
      '01 01 0700 00 0500 01 02', // MerkleNode variant 2
      `01 01 0700 00 0500 01 01 ${'11'.repeat(31)}`, // short digest
      '01 01 0700 00 0500', // missing proof
      '01 01 0700 00 0500 00 00', // trailing byte
      '02 01 0700 00 0500 00', // two symbols announced, one present
    ];
    for (const text of bad) {
      expect(() => parseRecoverySymbols(hex(text.replaceAll(' ', ''))), text).toThrow(BcsDecodeError);
    }
  });
});

describe('SymbolId BCS', () => {
  it('is the tuple (primary, secondary) of u16s', () => {
    expect(serializeSymbolId({ primary: 3, secondary: 0x0201 })).toEqual(hex('03000102'));
    expect(parseSymbolId(hex('03000102'))).toEqual({ primary: 3, secondary: 0x0201 });
    expect(() => parseSymbolId(hex('030001'))).toThrow(BcsDecodeError);
  });
});
