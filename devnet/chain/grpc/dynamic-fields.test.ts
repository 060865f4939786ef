// Dynamic fields through the unmodified SuiGrpcClient, against JSON-RPC on the same chain: a
// walrus_site Site's struct- and vector-named fields, Walrus's object table of staking pools
// (dynamic object fields), and WalrusClient reading its state over gRPC.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bcs } from '@mysten/sui/bcs';
import { GrpcTypes } from '@mysten/sui/grpc';
import { normalizeStructTag } from '@mysten/sui/utils';
import { WalrusClient } from '@mysten/walrus';
import type { ClientWithCoreApi } from '@mysten/sui/client';
import { readFixture, type ReadFixture } from './test-support/read-fixture.ts';

let f: ReadFixture;
beforeAll(async () => {
  f = await readFixture();
});
afterAll(async () => {
  await f?.close();
});

/** A type as both clients may print it (short or long addresses, with or without spaces). */
const normal = (type: string) => (type.includes('::') ? normalizeStructTag(type) : type);

/** The parent of Walrus's staking-pool table: the owner of a pool's dynamic-object-field entry. */
function poolsTable(): { tableId: string; nodeId: string } {
  const nodeId = f.deployment.nodes[0]!.nodeId;
  const fieldOwner = f.object(nodeId).owner as { ObjectOwner: string };
  const tableOwner = f.object(fieldOwner.ObjectOwner).owner as { ObjectOwner: string };
  return { tableId: tableOwner.ObjectOwner, nodeId };
}

describe('dynamic fields over gRPC', () => {
  it('lists the same fields as suix_getDynamicFields, with names, value types and values', async () => {
    for (const parentId of [f.siteId, poolsTable().tableId]) {
      const [viaGrpc, viaJson] = await Promise.all([
        f.grpc().listDynamicFields({ parentId, include: { value: true } }),
        f.jsonRpc.core.listDynamicFields({ parentId }),
      ]);
      expect(viaGrpc.dynamicFields.length).toBeGreaterThan(0);
      const summary = (d: (typeof viaJson.dynamicFields)[number]) => ({
        $kind: d.$kind,
        fieldId: d.fieldId,
        type: d.type,
        name: { type: normal(d.name.type), bcs: d.name.bcs },
        valueType: normal(d.valueType),
        childId: d.childId,
      });
      expect(viaGrpc.dynamicFields.map(summary)).toEqual(viaJson.dynamicFields.map(summary));
      expect(viaGrpc.hasNextPage).toBe(false);

      for (const field of viaGrpc.dynamicFields) {
        const object = f.object(field.fieldId);
        // The value is what follows the UID and the name in the field object.
        expect(field.value!.bcs).toEqual(object.contents.subarray(32 + field.name.bcs.length));
        if (field.$kind === 'DynamicObject')
          expect(field.value!.bcs).toEqual(bcs.Address.serialize(field.childId!).toBytes());
      }
    }
  });

  it('reads struct-named fields and object fields with getDynamicField/getDynamicObjectField like JSON-RPC', async () => {
    const name = {
      type: `${f.sitePackage}::site::ResourcePath`,
      bcs: bcs.string().serialize('/app.js').toBytes(),
    };
    const [viaGrpc, viaJson] = await Promise.all([
      f.grpc().core.getDynamicField({ parentId: f.siteId, name }),
      f.jsonRpc.core.getDynamicField({ parentId: f.siteId, name }),
    ]);
    expect(viaGrpc.dynamicField).toEqual(viaJson.dynamicField);

    const { tableId, nodeId } = poolsTable();
    const pool = { type: '0x2::object::ID', bcs: bcs.Address.serialize(nodeId).toBytes() };
    const [object, objectJson] = await Promise.all([
      f.grpc().core.getDynamicObjectField({ parentId: tableId, name: pool, include: { content: true } }),
      f.jsonRpc.core.getDynamicObjectField({ parentId: tableId, name: pool, include: { content: true } }),
    ]);
    expect(object.object.objectId).toBe(nodeId);
    expect(object.object).toEqual(objectJson.object);
  });

  it('pages one field at a time and rejects a token from another parent', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (;;) {
      const page: Awaited<ReturnType<ReadFixture['jsonRpc']['core']['listDynamicFields']>> = await f
        .grpc()
        .listDynamicFields({ parentId: f.siteId, limit: 1, cursor });
      seen.push(...page.dynamicFields.map((d) => d.fieldId));
      if (!page.hasNextPage) break;
      cursor = page.cursor;
    }
    const all = await f.jsonRpc.core.listDynamicFields({ parentId: f.siteId });
    expect(seen).toEqual(all.dynamicFields.map((d) => d.fieldId));
    expect(seen.length).toBe(4); // three resources and the routes

    const first = await f.grpc().stateService.listDynamicFields({ parent: f.siteId, pageSize: 1 });
    const other = await f
      .grpc()
      .stateService.listDynamicFields({
        parent: poolsTable().tableId,
        pageToken: first.response.nextPageToken,
      })
      .response.catch((e: unknown) => e);
    expect(other).toMatchObject({ code: 'INVALID_ARGUMENT', message: 'invalid page_token' });
    const missing = await f
      .grpc()
      .stateService.listDynamicFields({})
      .response.catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 'INVALID_ARGUMENT', message: 'missing parent' });
  });

  it('fills parent, field and child objects when the read mask asks for them, and only then', async () => {
    const { tableId } = poolsTable();
    const { response } = await f.grpc().stateService.listDynamicFields({
      parent: tableId,
      readMask: { paths: ['parent', 'kind', 'field_object.owner', 'child_object.object_type'] },
    });
    const pools = f.deployment.nodes.map((n) => n.nodeId);
    expect(response.dynamicFields.map((d) => d.childObject?.objectId).sort()).toEqual([...pools].sort());
    for (const field of response.dynamicFields) {
      expect(field).toMatchObject({
        parent: tableId,
        kind: GrpcTypes.DynamicField_DynamicFieldKind.OBJECT,
        fieldObject: { owner: { kind: GrpcTypes.Owner_OwnerKind.OBJECT, address: tableId } },
        childObject: { objectType: normalizeStructTag(f.object(pools[0]!).type) },
      });
      expect(field.fieldId).toBeUndefined();
      expect(field.name).toBeUndefined();
      expect(field.childObject!.owner).toBeUndefined();
    }
    // Sui's default mask: parent and field ID only.
    const defaulted = await f.grpc().stateService.listDynamicFields({ parent: tableId });
    for (const field of defaulted.response.dynamicFields) {
      expect(field).toMatchObject({ parent: tableId, fieldId: expect.stringMatching(/^0x[0-9a-f]{64}$/) });
      expect(field.kind ?? field.name ?? field.childId ?? field.fieldObject).toBeUndefined();
    }
  });

  it('lets WalrusClient read its system and staking state over gRPC as over JSON-RPC', async () => {
    const walrus = (suiClient: ClientWithCoreApi) =>
      new WalrusClient({
        packageConfig: {
          systemObjectId: f.deployment.systemObjectId,
          stakingPoolId: f.deployment.stakingObjectId,
        },
        suiClient,
        storageNodeUrlScheme: 'http',
      });
    const overGrpc = walrus(f.grpc());
    const overJson = walrus(f.jsonRpc);
    expect(await overGrpc.systemState()).toEqual(await overJson.systemState());
    expect(await overGrpc.stakingState()).toEqual(await overJson.stakingState());
  });
});
