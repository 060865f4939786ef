// The worker's small object readers against the devnet's gRPC-web and JSON-RPC, compared with the
// SDK's clients on the same chain: same objects, same contents, the same error for a missing ID.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectError } from '@mysten/sui/client';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { readFixture, type ReadFixture } from '../../devnet/chain/grpc/test-support/read-fixture.ts';
import { grpcObjectReader } from './object-reader-grpc.ts';
import { jsonRpcObjectReader } from './object-reader-json-rpc.ts';
import { routesFieldId } from './site-fields.ts';

let f: ReadFixture;
beforeAll(async () => {
  f = await readFixture();
}, 60_000);
afterAll(async () => {
  await f?.close();
});

const MISSING = normalizeSuiAddress('0xdead');

describe.each([
  ['gRPC-web', () => grpcObjectReader(f.url)],
  ['JSON-RPC', () => jsonRpcObjectReader(f.url)],
])('the %s object reader', (_name, reader) => {
  it('reads objects and Move contents exactly as the SDK does, in order, with a missing one as ObjectError', async () => {
    const ids = [f.siteId, MISSING, routesFieldId(f.siteId)];
    const sdk = await f.grpc('binary').core.getObjects({ objectIds: ids, include: { content: true } });
    const mine = await reader().core.getObjects({ objectIds: ids, include: { content: true } });
    expect(mine.objects).toHaveLength(3);
    for (const i of [0, 2]) {
      const ours = mine.objects[i]!;
      const theirs = sdk.objects[i]!;
      if (ours instanceof Error || theirs instanceof Error) throw new Error(`object ${i} failed`);
      expect(ours).toEqual({
        objectId: theirs.objectId,
        version: theirs.version,
        digest: theirs.digest,
        content: theirs.content,
      });
      expect(ours.content!.length).toBeGreaterThan(0);
    }
    const missing = mine.objects[1];
    expect(missing).toBeInstanceOf(ObjectError);
    expect((missing as ObjectError).reason).toBe('notFound');
  });

  it('leaves contents out unless asked, and splits more than 50 IDs into several requests', async () => {
    const ids = [f.siteId, ...Array.from({ length: 60 }, (_, i) => normalizeSuiAddress(`0xbeef${i}`))];
    const { objects } = await reader().core.getObjects({ objectIds: ids });
    expect(objects).toHaveLength(61);
    expect((objects[0] as { content?: unknown }).content).toBeUndefined();
    expect(objects.slice(1).every((o) => o instanceof ObjectError)).toBe(true);
  });
});
