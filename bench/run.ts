// `npm run bench [-- name…]`: runs the named benchmarks (all when none are named).
import { benchDevnetReader } from './devnet-reader.ts';
import { benchPublish } from './publish.ts';
import { benchReader } from './reader.ts';

const BENCHMARKS: Record<string, () => Promise<void>> = {
  reader: async () => {
    await benchReader();
    console.log('\n### on a live devnet (10 nodes, 1000 shards, SDK-written blobs)\n');
    await benchDevnetReader();
  },
  'reader-loopback': benchReader,
  'devnet-reader': benchDevnetReader,
  publish: benchPublish,
};

const names = process.argv.slice(2);
const unknown = names.filter((name) => !(name in BENCHMARKS));
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}; available: ${Object.keys(BENCHMARKS).join(', ')}`);
  process.exit(2);
}
for (const name of names.length > 0 ? names : Object.keys(BENCHMARKS)) {
  console.log(`\n## ${name}\n`);
  await BENCHMARKS[name]!();
}
