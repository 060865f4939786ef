// The unmodified `WalrusClient` on a whole devnet, over each Sui transport the devnet serves:
// gRPC-web (what every public network speaks now, and Floe's default) and JSON-RPC. Each writes a
// blob and a quilt of files, reads them back, and reads what the other transport wrote, so a
// difference between the two APIs shows up as a failed read. Then every gRPC method that the
// clients Floe serves unmodified are known to call must be implemented by the devnet.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GrpcStatusCode } from '@mysten/sui/grpc';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { WalrusFile } from '@mysten/walrus';
import { blobIdFromText } from '../../core/walrus/blob-id.ts';
import { expectBytes } from '../../core/walrus/test-support/bytes.ts';
import { randomBytes } from '../../core/walrus/test-support/fixtures.ts';
import { CLIENT_METHODS } from '../chain/grpc/clients.ts';
import { startDevnet, type Devnet } from '../launcher/launcher.ts';
import { floeReader, walrusClient } from '../launcher/test-support/devnet-clients.ts';

const TRANSPORTS = ['grpc', 'json-rpc'] as const;
type Transport = (typeof TRANSPORTS)[number];

let dir: string;
let devnet: Devnet | undefined;
let signer: Ed25519Keypair;
/** What each transport wrote, for the other to read. */
const written = new Map<Transport, { blobId: string; data: Uint8Array }>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'floe-interop-'));
  devnet = await startDevnet({ dir: join(dir, 'devnet'), nodes: 4, shards: 40, port: 0 });
  signer = Ed25519Keypair.fromSecretKey((await readFile(devnet.config.devKey.path, 'utf8')).trim());
}, 120_000);

afterAll(async () => {
  await devnet?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function config() {
  if (!devnet) throw new Error('devnet not started');
  return devnet.config;
}

describe.each(TRANSPORTS)('WalrusClient over %s', (transport) => {
  it('writes a blob and reads it back; Floe reads the same bytes', async () => {
    const walrus = walrusClient(config(), undefined, transport);
    const data = randomBytes(20_000, transport === 'grpc' ? 1 : 2);
    const { blobId, blobObject } = await walrus.writeBlob({ blob: data, epochs: 2, deletable: true, signer });
    expect(BigInt(blobObject.blob_id)).toBe(blobIdToU256(blobId));
    expectBytes(await walrus.readBlob({ blobId }), data);
    const floe = await floeReader(config()).read({ blobId: blobIdFromText(blobId) });
    expectBytes(floe.data, data);
    written.set(transport, { blobId, data });
  });

  it('writes files as a quilt and reads each back by patch ID with its identifier and tags', async () => {
    const walrus = walrusClient(config(), undefined, transport);
    const text = (s: string) => new TextEncoder().encode(s);
    const files: { identifier: string; tags: Record<string, string>; contents: Uint8Array }[] = [
      { identifier: 'index.html', tags: { 'content-type': 'text/html' }, contents: text('<h1>interop</h1>') },
      { identifier: 'data.bin', tags: { transport }, contents: randomBytes(30_000, 3) },
    ];
    const stored = await walrus.writeFiles({
      files: files.map((f) => WalrusFile.from(f)),
      epochs: 2,
      deletable: true,
      signer,
    });
    expect(stored).toHaveLength(files.length);
    const read = await walrus.getFiles({ ids: stored.map((s) => s.id) });
    const byIdentifier = new Map<string, { bytes: Uint8Array; tags: Record<string, string> }>();
    for (const file of read) {
      byIdentifier.set((await file.getIdentifier())!, {
        bytes: await file.bytes(),
        tags: await file.getTags(),
      });
    }
    for (const file of files) {
      const got = byIdentifier.get(file.identifier);
      expect(got, file.identifier).toBeDefined();
      expectBytes(got!.bytes, file.contents);
      expect(got!.tags).toEqual(file.tags);
    }
  });

  it('reads what the other transport wrote', async () => {
    const other = written.get(transport === 'grpc' ? 'json-rpc' : 'grpc');
    // The first transport runs before the other has written anything; the second reads both ways.
    const mine = written.get(transport)!;
    const walrus = walrusClient(config(), undefined, transport);
    expectBytes(await walrus.readBlob({ blobId: mine.blobId }), mine.data);
    if (other) expectBytes(await walrus.readBlob({ blobId: other.blobId }), other.data);
    expect(written.size).toBe(transport === TRANSPORTS[0] ? 1 : 2);
  });
});

describe('the devnet gRPC server', () => {
  it('implements every method that the unmodified clients call', async () => {
    const methods = [...new Set(Object.values(CLIENT_METHODS).flat())];
    expect(methods.length).toBeGreaterThan(10);
    const unimplemented: string[] = [];
    for (const method of methods) {
      // An empty request message: a method that exists answers something other than UNIMPLEMENTED
      // (often INVALID_ARGUMENT, for the fields it lacks).
      const response = await fetch(`${config().grpcUrl}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/grpc-web+proto', 'x-grpc-web': '1' },
        body: new Uint8Array([0, 0, 0, 0, 0]),
      });
      const body = new Uint8Array(await response.arrayBuffer());
      const status = response.headers.get('grpc-status') ?? trailerStatus(body);
      if (status === String(GrpcStatusCode.UNIMPLEMENTED)) unimplemented.push(method);
    }
    expect(unimplemented).toEqual([]);
  });
});

/** A blob ID as the u256 the Blob object holds (its 32 bytes, little-endian). */
function blobIdToU256(blobId: string): bigint {
  return blobIdFromText(blobId).reduceRight((value, byte) => (value << 8n) | BigInt(byte), 0n);
}

/** `grpc-status` from the trailer frame at the end of a grpc-web body. */
function trailerStatus(body: Uint8Array): string | null {
  let at = 0;
  while (at + 5 <= body.length) {
    const length = new DataView(body.buffer, body.byteOffset + at + 1, 4).getUint32(0);
    if (body[at]! & 0x80) {
      const text = new TextDecoder().decode(body.subarray(at + 5, at + 5 + length));
      return /grpc-status:\s*(\d+)/i.exec(text)?.[1] ?? null;
    }
    at += 5 + length;
  }
  return null;
}
