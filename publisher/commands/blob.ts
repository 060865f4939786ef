// `floe blob put <file>` stores one file as a plain Walrus blob with Floe's writer;
// `floe blob get <id|patch-id>` reads a blob or a quilt patch with Floe's reader (only the slivers
// that hold the bytes, verified), to stdout or a file, and `--json` says how it went.
import { readFile, writeFile } from 'node:fs/promises';
import { blobIdToText } from '../../core/walrus/blob-id.ts';
import { loadChainCommittee } from '../../core/walrus/chain-committee.ts';
import { WalrusCodec } from '../../core/walrus/encoding.ts';
import { parseWalrusId } from '../../core/walrus/quilt.ts';
import { WalrusReader } from '../../core/walrus/reader.ts';
import { WalrusWriter } from '../../core/walrus/writer.ts';
import { keypairExecutor } from '../../core/sui/execute.ts';
import { NETWORK_OPTIONS, UsageError, networkOptions, parse, toJson, type Command } from '../cli/command.ts';
import { formatBytes } from '../format.ts';
import { loadSigner } from '../keys.ts';
import { openNetwork } from '../network.ts';

const PUT_USAGE = `usage: floe blob put <file> [--epochs <n>] [--network <name>] [--transport grpc|json-rpc] [--json]

Stores the file as one Walrus blob (deletable, owned by your address) and prints its blob ID.`;

const GET_USAGE = `usage: floe blob get <blob-id|quilt-patch-id> [-o <file>] [--network <name>] [--transport grpc|json-rpc] [--json]

Reads a blob, or one file of a quilt by its patch ID, straight from the storage nodes with
Floe's reader, and writes it to stdout (or -o <file>). With --json (and -o), prints the
requests made, bytes fetched, time taken and whether the direct or fallback path was used.`;

export const blobPutCommand: Command = {
  name: 'blob put',
  summary: 'store a file as a Walrus blob',
  usage: PUT_USAGE,
  async run(argv, io) {
    const { values, positionals } = parse(
      argv,
      { ...NETWORK_OPTIONS, epochs: { type: 'string' } },
      PUT_USAGE,
    );
    if (values.help) return (io.out(PUT_USAGE), 0);
    if (positionals.length !== 1) throw new UsageError('expected one file', PUT_USAGE);
    const epochs = Number(values.epochs ?? 1);
    if (!Number.isInteger(epochs) || epochs < 1)
      throw new UsageError('--epochs must be a positive integer', PUT_USAGE);
    const data = await readFile(positionals[0]!);
    const context = await openNetwork(networkOptions(values, PUT_USAGE));
    const signer = await loadSigner({ network: context.network });
    const committee = await loadChainCommittee(context.walrus, context.sui, {
      scheme: context.network.walrus.storageNodeUrlScheme,
    });
    const writer = new WalrusWriter({
      walrus: context.walrus,
      sui: context.sui,
      owner: signer.address,
      execute: keypairExecutor(context.sui, signer.keypair),
      committee,
    });
    const started = performance.now();
    const encoded = new WalrusCodec(committee.n).encode(data);
    const blobId = blobIdToText(encoded.blobId);
    const owned = (await writer.ownedBlobs()).get(blobId);
    let blob = owned && owned.endEpoch > (committee.epoch ?? 0) ? owned : undefined;
    if (!blob) blob = (await writer.register([{ encoded, size: data.length }], epochs)).get(blobId)!;
    let bytesSent = 0;
    if (!blob.certified) {
      const upload = await writer.upload(encoded, blob);
      bytesSent = upload.bytesSent;
      await writer.certify([{ blob, upload }]);
    }
    const ms = Math.round(performance.now() - started);
    if (values.json) {
      io.out(
        toJson({
          blobId,
          objectId: blob.objectId,
          size: data.length,
          bytesSent,
          reused: bytesSent === 0,
          ms,
        }),
      );
    } else {
      io.out(`${blobId}\n  object ${blob.objectId}, ${formatBytes(data.length)}, certified in ${ms} ms`);
    }
    return 0;
  },
};

export const blobGetCommand: Command = {
  name: 'blob get',
  summary: 'read a blob or quilt patch from the storage nodes',
  usage: GET_USAGE,
  async run(argv, io) {
    const { values, positionals } = parse(
      argv,
      { ...NETWORK_OPTIONS, output: { type: 'string', short: 'o' } },
      GET_USAGE,
    );
    if (values.help) return (io.out(GET_USAGE), 0);
    if (positionals.length !== 1) throw new UsageError('expected one blob ID or quilt patch ID', GET_USAGE);
    let id: ReturnType<typeof parseWalrusId>;
    try {
      id = parseWalrusId(positionals[0]!);
    } catch (error) {
      throw new UsageError(
        `${positionals[0]} is neither a blob ID nor a quilt patch ID: ${(error as Error).message}`,
        GET_USAGE,
      );
    }
    const context = await openNetwork(networkOptions(values, GET_USAGE));
    const committee = await loadChainCommittee(context.walrus, context.sui, {
      scheme: context.network.walrus.storageNodeUrlScheme,
    });
    const reader = new WalrusReader({ committee });
    const result =
      id.kind === 'blob'
        ? await reader.read({ blobId: id.blobId, target: { kind: 'blob' } })
        : await reader.read({
            blobId: id.patch.quiltId,
            target: { kind: 'patch', start: id.patch.start, end: id.patch.end },
          });
    if (values.output) await writeFile(values.output, result.data);
    else if (!values.json) process.stdout.write(result.data);
    if (values.json) {
      const { stats } = result;
      io.out(
        toJson({
          id: positionals[0],
          size: result.data.length,
          ...(result.patch ? { identifier: result.patch.identifier } : {}),
          path: stats.path,
          verification: stats.verification,
          decoded: stats.decoded,
          requests: stats.requests,
          sliverRequests: stats.sliverRequests,
          ...(stats.path === 'recovered'
            ? {
                recoveredSlivers: stats.recoveredSlivers,
                symbolRequests: stats.symbolRequests,
                symbols: stats.symbols,
                recoveredFrom: stats.recoveredFrom,
              }
            : {}),
          bytes: stats.bytes,
          ms: Math.round(stats.ms),
          failures: stats.failures,
          ...(values.output ? { output: values.output } : {}),
        }),
      );
    }
    return 0;
  },
};
