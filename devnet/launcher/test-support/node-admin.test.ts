import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_FAULTS } from '../../node/faults.ts';
import { startTestNode, stopAll, type TestNode } from '../../node/test-support/harness.ts';
import {
  NodeAdminError,
  nodeRequests,
  resetNodeFaults,
  resetNodeRequests,
  setNodeFaults,
} from './node-admin.ts';

let node: TestNode;
const BLOB = 'A'.repeat(43);

beforeAll(async () => {
  node = await startTestNode({ shards: [0, 1] });
});

afterAll(stopAll);

describe('node admin helpers', () => {
  it('set and reset faults', async () => {
    const admin = node.running.adminUrl!;
    expect(await setNodeFaults(admin, { corruptPairs: [3], refuseSymbolsFor: [BLOB] })).toMatchObject({
      corruptPairs: [3],
      refuseSymbolsFor: [BLOB],
    });
    expect(await resetNodeFaults(admin)).toEqual(NO_FAULTS);
  });

  it('read and reset request counts', async () => {
    const admin = node.running.adminUrl!;
    node.running.requestLog!.sliverServed(BLOB, 'primary', 4);
    expect(await nodeRequests(admin, BLOB)).toEqual({ primary: { 4: 1 }, secondary: {}, symbols: 0 });
    await resetNodeRequests(admin);
    expect(await nodeRequests(admin, BLOB)).toEqual({ primary: {}, secondary: {}, symbols: 0 });
  });

  it('turn refusals into NodeAdminError with the status', async () => {
    const admin = node.running.adminUrl!;
    const error = await setNodeFaults(admin, { corruptPairs: [-1] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeAdminError);
    expect((error as NodeAdminError).status).toBe(400);
  });
});
