// BCS bodies of the storage node's symbol endpoints: `/decodingSymbols` answers
// `BTreeMap<SliverIndex, Vec<EitherDecodingSymbol>>`, `/recoverySymbols` answers
// `Vec<GeneralRecoverySymbol>` (walrus-core `encoding::symbols`, `merkle::MerkleProof`).
// The @mysten/bcs schemas document the layouts and cross-check the hand-written parser, which is
// strict (canonical lengths, sorted map keys, no trailing bytes) and zero-copy: a reader may pull
// hundreds of symbols from every node, and their data stays a view into the response.
import { bcs } from '@mysten/bcs';
import { MerkleNodeBcs } from './bcs.ts';
import { StrictBcsReader, uleb128 } from './bcs-reader.ts';
import { DIGEST_LENGTH } from './geometry.ts';
import type { MerklePath } from './merkle-proof.ts';
import type { SliverType } from './node-types.ts';
import type { SymbolId } from './symbols-query.ts';

// The endpoints' query strings live in their own module; they are re-exported here so one import
// gives a caller everything about the symbol endpoints.
export {
  decodingSymbolsQuery,
  parseDecodingSymbolsQuery,
  parseRecoverySymbolsQuery,
  recoverySymbolsQuery,
  SymbolQueryError,
  type DecodingSymbolsQuery,
  type RecoverySymbolsFilter,
  type SymbolId,
} from './symbols-query.ts';

/** `DecodingSymbol<T>`: the axis marker is a PhantomData and encodes to nothing. */
export const DecodingSymbolBcs = bcs.struct('DecodingSymbol', { index: bcs.u16(), data: bcs.byteVector() });

/** `EitherDecodingSymbol = ByAxis<DecodingSymbol<Primary>, DecodingSymbol<Secondary>>`: tag 0 / 1. */
export const EitherDecodingSymbolBcs = bcs.enum('EitherDecodingSymbol', {
  Primary: DecodingSymbolBcs,
  Secondary: DecodingSymbolBcs,
});

/** Body of GET /decodingSymbols; keys are written in the order of their BCS bytes (u16 LE). */
export const DecodingSymbolsBcs = bcs.map(bcs.u16(), bcs.vector(EitherDecodingSymbolBcs));

/** `MerkleProof<Blake2b256>`: a PhantomData, then `path: Vec<Node>`. */
export const MerkleProofBcs = bcs.struct('MerkleProof', { path: bcs.vector(MerkleNodeBcs) });

export const GeneralRecoverySymbolBcs = bcs.struct('GeneralRecoverySymbol', {
  symbol: EitherDecodingSymbolBcs,
  target_index: bcs.u16(),
  proof: MerkleProofBcs,
});

/** Body of GET /recoverySymbols. */
export const RecoverySymbolsBcs = bcs.vector(GeneralRecoverySymbolBcs);

/** `SymbolId` outside human-readable formats is the tuple (primary, secondary). */
export const SymbolIdBcs = bcs.tuple([bcs.u16(), bcs.u16()]);

/**
 * One symbol for decoding a sliver. `axis` is the kind of sliver it helps recover (the enum
 * variant); `index` is the index of the orthogonal sliver it was taken from. A primary symbol with
 * index j is symbol (r, j) of the blob matrix for the target primary sliver r.
 */
export interface DecodingSymbol {
  readonly axis: SliverType;
  readonly index: number;
  readonly data: Uint8Array;
}

/**
 * A decoding symbol with a Merkle proof: `symbol.data` is leaf `targetIndex` of the expanded
 * sliver (of the orthogonal axis, index `symbol.index`) whose root the blob's metadata commits to.
 */
export interface RecoverySymbol {
  readonly symbol: DecodingSymbol;
  readonly targetIndex: number;
  readonly proof: MerklePath;
}

/** The ID of a recovery symbol: its target index on the symbol's axis, its source index on the other. */
export function recoverySymbolId(symbol: RecoverySymbol): SymbolId {
  return symbol.symbol.axis === 'primary'
    ? { primary: symbol.targetIndex, secondary: symbol.symbol.index }
    : { primary: symbol.symbol.index, secondary: symbol.targetIndex };
}

/** Orders u16 keys as BCS maps do: by their little-endian bytes, so 256 sorts before 1. */
export function compareU16Bcs(a: number, b: number): number {
  return (a & 0xff) - (b & 0xff) || (a >> 8) - (b >> 8);
}

/** Parses a /decodingSymbols body; the map iterates in wire (BCS key) order. */
export function parseDecodingSymbols(bytes: Uint8Array): Map<number, DecodingSymbol[]> {
  const reader = new StrictBcsReader(bytes, 'decoding symbols');
  // Smallest entry: u16 key and an empty vector.
  const count = reader.count(3);
  const out = new Map<number, DecodingSymbol[]>();
  let previous = -1;
  for (let i = 0; i < count; i++) {
    const key = reader.u16();
    // Rust's bcs refuses maps whose keys are not strictly increasing in byte order.
    if (previous >= 0 && compareU16Bcs(previous, key) >= 0) {
      reader.fail(`map key ${key} after ${previous} is out of canonical order`);
    }
    previous = key;
    const symbols: DecodingSymbol[] = [];
    const length = reader.count(4);
    for (let k = 0; k < length; k++) symbols.push(readDecodingSymbol(reader));
    out.set(key, symbols);
  }
  reader.finish();
  return out;
}

export function serializeDecodingSymbols(
  symbols: ReadonlyMap<number, readonly DecodingSymbol[]>,
): Uint8Array {
  const keys = [...symbols.keys()].sort(compareU16Bcs);
  const writer = new SymbolWriter();
  writer.uleb(keys.length);
  for (const key of keys) {
    writer.u16(key);
    const list = symbols.get(key)!;
    writer.uleb(list.length);
    for (const symbol of list) writer.decodingSymbol(symbol);
  }
  return writer.finish();
}

/** Parses a /recoverySymbols body. */
export function parseRecoverySymbols(bytes: Uint8Array): RecoverySymbol[] {
  const reader = new StrictBcsReader(bytes, 'recovery symbols');
  // Smallest entry: tag, index, empty data, target index, empty path.
  const count = reader.count(7);
  const out: RecoverySymbol[] = [];
  for (let i = 0; i < count; i++) {
    const symbol = readDecodingSymbol(reader);
    const targetIndex = reader.u16();
    const length = reader.count(1);
    const proof: (Uint8Array | null)[] = [];
    for (let k = 0; k < length; k++) proof.push(reader.merkleNode());
    out.push({ symbol, targetIndex, proof });
  }
  reader.finish();
  return out;
}

export function serializeRecoverySymbols(symbols: readonly RecoverySymbol[]): Uint8Array {
  const writer = new SymbolWriter();
  writer.uleb(symbols.length);
  for (const { symbol, targetIndex, proof } of symbols) {
    writer.decodingSymbol(symbol);
    writer.u16(targetIndex);
    writer.uleb(proof.length);
    for (const node of proof) writer.merkleNode(node);
  }
  return writer.finish();
}

export function serializeSymbolId(id: SymbolId): Uint8Array {
  return SymbolIdBcs.serialize([id.primary, id.secondary]).toBytes();
}

export function parseSymbolId(bytes: Uint8Array): SymbolId {
  const reader = new StrictBcsReader(bytes, 'SymbolId');
  const id = { primary: reader.u16(), secondary: reader.u16() };
  reader.finish();
  return id;
}

const AXES: readonly SliverType[] = ['primary', 'secondary'];

/** `EitherDecodingSymbol`, its data a view into the input. */
function readDecodingSymbol(reader: StrictBcsReader): DecodingSymbol {
  const tag = reader.u8();
  const axis = AXES[tag];
  if (axis === undefined) reader.fail(`unknown EitherDecodingSymbol variant ${tag}`);
  const index = reader.u16();
  const data = reader.bytes(reader.uleb());
  return { axis, index, data };
}

class SymbolWriter {
  readonly #chunks: Uint8Array[] = [];
  #small: number[] = [];

  uleb(value: number): void {
    for (const byte of uleb128(value)) this.#small.push(byte);
  }

  u16(value: number): void {
    if (!Number.isInteger(value) || value < 0 || value > 0xffff) {
      throw new RangeError(`${value} is not a u16`);
    }
    this.#small.push(value & 0xff, value >> 8);
  }

  decodingSymbol(symbol: DecodingSymbol): void {
    this.#small.push(symbol.axis === 'primary' ? 0 : 1);
    this.u16(symbol.index);
    this.uleb(symbol.data.length);
    this.#bytes(symbol.data);
  }

  merkleNode(node: Uint8Array | null): void {
    if (node === null) {
      this.#small.push(0);
      return;
    }
    if (node.length !== DIGEST_LENGTH) throw new RangeError(`a Merkle digest has ${DIGEST_LENGTH} bytes`);
    this.#small.push(1);
    this.#bytes(node);
  }

  finish(): Uint8Array {
    this.#flush();
    const total = this.#chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    const out = new Uint8Array(total);
    let offset = 0;
    for (const chunk of this.#chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }

  /** Symbol data goes in as whole chunks; only the small framing fields are collected bytewise. */
  #bytes(data: Uint8Array): void {
    this.#flush();
    this.#chunks.push(data);
  }

  #flush(): void {
    if (this.#small.length === 0) return;
    this.#chunks.push(Uint8Array.from(this.#small));
    this.#small = [];
  }
}
