// The fuzz targets, in the order run.ts and the test run them: every core/ parser that reads
// outside input (a row each in the files below, with seeds, a mutator, the parser's documented
// error classes and cheap property checks of what it returns), then the request handlers that take
// outside input over HTTP (storage node public and admin API, chain JSON-RPC, the aggregator).
import { AGGREGATOR_TARGETS } from './aggregator-targets.ts';
import { GLOB_TARGETS } from './glob-targets.ts';
import { BASE36_TARGETS, BLOB_ID_TARGETS } from './id-targets.ts';
import { nodeAdminTarget } from './node-admin-target.ts';
import { nodeApiTarget } from './node-api-target.ts';
import { PATH_TARGETS } from './path-targets.ts';
import { QUILT_TARGETS } from './quilt-targets.ts';
import { parseRangeTarget } from './range-target.ts';
import { ROUTING_TARGETS } from './routing-targets.ts';
import { chainRpcTarget } from './rpc-targets.ts';
import { SITE_BCS_TARGETS } from './site-bcs-targets.ts';
import { SITE_CONFIG_TARGETS } from './site-config-targets.ts';
import { SYMBOL_QUERY_TARGETS } from './symbol-query-targets.ts';
import type { FuzzTarget } from './target.ts';
import { SYMBOL_BCS_TARGETS, WALRUS_BCS_TARGETS } from './walrus-bcs-targets.ts';

export const TARGETS: readonly FuzzTarget[] = [
  ...SITE_CONFIG_TARGETS,
  ...PATH_TARGETS,
  ...GLOB_TARGETS,
  ...BASE36_TARGETS,
  ...WALRUS_BCS_TARGETS,
  ...SYMBOL_BCS_TARGETS,
  ...SYMBOL_QUERY_TARGETS,
  ...QUILT_TARGETS,
  ...BLOB_ID_TARGETS,
  ...ROUTING_TARGETS,
  parseRangeTarget,
  ...SITE_BCS_TARGETS,
  nodeApiTarget,
  nodeAdminTarget,
  chainRpcTarget,
  ...AGGREGATOR_TARGETS,
];
