// A devnet with Walrus at genesis (shared objects, dynamic object fields, SUI and WAL coins) and a
// walrus_site Site with resources, routes and redirects (struct- and vector-named dynamic fields),
// served as the devnet serves it: JSON-RPC and gRPC-web on one port. Tests read it through the
// unmodified SuiJsonRpcClient and SuiGrpcClient and compare.
import { bcs } from '@mysten/sui/bcs';
import { SuiGrpcClient } from '@mysten/sui/grpc';
import { SuiJsonRpcClient } from '@mysten/sui/jsonRpc';
import { Transaction } from '@mysten/sui/transactions';
import { writeMethods } from '../../api/write.ts';
import { ContentRenderer } from '../../move/render.ts';
import { WALRUS_SITE_PACKAGE as SITE_PKG } from '../../natives/packages.ts';
import { walrusFixture } from '../../natives/walrus/test-support/walrus-fixture.ts';
import { readMethods } from '../../rpc/read-methods.ts';
import { startRpcServer } from '../../rpc/server.ts';
import { chainMetadata } from '../chain-metadata.ts';
import { createGrpcWebHandler } from '../server.ts';
import { readServices } from '../services.ts';

export async function readFixture() {
  const f = await walrusFixture();
  const render = new ContentRenderer(f.registry);
  const ctx = { store: f.store, executor: f.executor, registry: f.registry, render };
  const server = await startRpcServer({
    methods: { ...readMethods(f.store, render), ...writeMethods(ctx) },
    grpc: createGrpcWebHandler(readServices(ctx), { metadata: () => chainMetadata(f.store) }),
  });
  const jsonRpc = new SuiJsonRpcClient({ url: server.url, network: 'localnet' });
  const grpc = (format: 'text' | 'binary' = 'text') =>
    new SuiGrpcClient({ network: 'localnet', baseUrl: server.url, format });

  const tx = new Transaction();
  const site = tx.moveCall({
    target: `${SITE_PKG}::site::new_site`,
    arguments: [
      tx.pure.string('Test site'),
      tx.moveCall({
        target: `${SITE_PKG}::metadata::new_metadata`,
        arguments: [
          tx.pure.option('string', 'https://floe.example'),
          tx.pure.option('string', 'https://floe.example/logo.png'),
          tx.pure.option('string', 'A test site'),
          tx.pure.option('string', 'https://floe.example/project'),
          tx.pure.option('string', 'floe'),
        ],
      }),
    ],
  });
  for (const path of ['/index.html', '/app.js', '/style.css']) {
    const noRange = tx.moveCall({
      target: `${SITE_PKG}::site::new_range_option`,
      arguments: [tx.pure.option('u64', null), tx.pure.option('u64', null)],
    });
    const resource = tx.moveCall({
      target: `${SITE_PKG}::site::new_resource`,
      arguments: [tx.pure.string(path), tx.pure.u256(123n), tx.pure.u256(456n), noRange],
    });
    tx.moveCall({ target: `${SITE_PKG}::site::add_resource`, arguments: [site, resource] });
  }
  tx.moveCall({ target: `${SITE_PKG}::site::create_routes`, arguments: [site] });
  tx.transferObjects([site], f.alice.toSuiAddress());
  const result = await jsonRpc.core.signAndExecuteTransaction({
    transaction: tx,
    signer: f.alice,
    include: { events: true },
  });
  if (result.$kind !== 'Transaction') throw new Error('site creation failed');
  const created = result.Transaction.events!.find((e) => e.eventType.endsWith('::events::SiteCreatedEvent'))!;
  const siteId = bcs.struct('SiteCreated', { site_id: bcs.Address }).parse(created.bcs).site_id;

  return {
    ...f,
    url: server.url,
    jsonRpc,
    grpc,
    siteId,
    sitePackage: SITE_PKG,
    async close() {
      await server.close();
      await f.cleanup();
    },
  };
}

export type ReadFixture = Awaited<ReturnType<typeof readFixture>>;
