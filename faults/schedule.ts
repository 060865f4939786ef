// Randomized fault schedules, generated from a seed so any one can be replayed: node kills
// (SIGKILL or SIGTERM) and restarts, latency, dropped connections, corrupted slivers and refusing
// nodes, interleaved with deploys (some left running in the background while the faults change)
// and browsing. Pure: the generator keeps its own model of the nodes to respect each schedule's
// profile:
//   calm      at most as many nodes bad as a write survives (≤ f shards): everything must work;
//   degraded  at most as many as a read survives (≤ 2f shards): reads must work, writes may fail;
//   overload  up to all nodes but one: beyond both budgets, and at least one deploy is made to run
//             with more than f shards unreachable, so the "deploy fails, the previous version
//             stays" branch is exercised.
import { prng } from '../core/walrus/test-support/fixtures.ts';
import {
  badForRead,
  badForWrite,
  HEALTHY,
  healthyNodes,
  indicesWhere,
  writeUnavailableShards,
  type FaultSettings,
  type NodeState,
} from './node-state.ts';
import type { SiteChange } from './site-model.ts';
import { nodesWithin, readBudget, writeBudget, type Topology } from './topology.ts';

export type Via = 'chromium' | 'portal' | 'service';

export interface BrowseTarget {
  /** A file of a candidate version, `/`, a path under the `/app/*` route, or a path no version has. */
  readonly kind: 'file' | 'root' | 'route' | 'missing';
  /** Chooses the file (and the byte range) once the runner knows which versions are candidates. */
  readonly pick: number;
  readonly range: boolean;
}

export type Step =
  | { readonly op: 'kill'; readonly node: number; readonly signal: 'SIGKILL' | 'SIGTERM' }
  | { readonly op: 'restart'; readonly node: number }
  | { readonly op: 'fault'; readonly node: number; readonly faults: FaultSettings }
  | { readonly op: 'heal'; readonly node: number }
  | { readonly op: 'deploy'; readonly change: SiteChange; readonly background: boolean }
  /** Waits for the background deploy. */
  | { readonly op: 'settle' }
  | {
      readonly op: 'browse';
      readonly via: Via;
      readonly targets: readonly BrowseTarget[];
      /** A new browser context / no cache: every file is read from the nodes again. */
      readonly fresh: boolean;
      /**
       * Chromium only: first a script on the site's origin overwrites every cache the worker keeps
       * (its bytes, offline copies and lookups) with other bytes, and the worker is restarted.
       */
      readonly hostile: boolean;
    }
  | { readonly op: 'wait'; readonly ms: number };

export type Profile = 'calm' | 'degraded' | 'overload';

export interface Schedule {
  readonly runSeed: number;
  readonly index: number;
  readonly profile: Profile;
  readonly steps: readonly Step[];
}

export interface GenerateOptions {
  readonly topology: Topology;
  /** Browsing paths to use, with relative weights. */
  readonly vias: Readonly<Partial<Record<Via, number>>>;
}

/** The seed of schedule `index` of a run: schedules are independent, so `--only` replays one. */
export function scheduleSeed(runSeed: number, index: number): number {
  let x = (Math.imul(runSeed >>> 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca77)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d) >>> 0;
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b) >>> 0;
  return (x ^ (x >>> 16)) >>> 0 || 1;
}

/** The share of Chromium browse steps that a hostile site script precedes. */
export const HOSTILE_SHARE = 0.2;

export function generateSchedule(runSeed: number, index: number, options: GenerateOptions): Schedule {
  const random = prng(scheduleSeed(runSeed, index));
  // Its own stream, so that adding the hostile script left every other draw of a seed unchanged.
  const hostileRandom = prng(scheduleSeed(runSeed, index) ^ 0x51e5c0de);
  const t = options.topology;
  const count = t.nodeShards.length;
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const chance = (p: number) => random() < p;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const roll = random();
  const profile: Profile = roll < 0.25 ? 'calm' : roll < 0.72 ? 'degraded' : 'overload';
  const maxBad =
    profile === 'calm'
      ? nodesWithin(t, writeBudget(t))
      : profile === 'degraded'
        ? nodesWithin(t, readBudget(t))
        : count - 1;

  const nodes: NodeState[] = healthyNodes(count);
  const steps: Step[] = [];
  let inFlight = false;
  let sinceDeploy = 0;
  let overWriteBudgetDeploy = false;
  const badCount = () => indicesWhere(nodes, badForRead).length;
  const push = (step: Step) => {
    steps.push(step);
    if (inFlight) sinceDeploy++;
    switch (step.op) {
      case 'kill':
        nodes[step.node] = { up: false, faults: HEALTHY };
        break;
      case 'restart':
        nodes[step.node] = { up: true, faults: HEALTHY };
        break;
      case 'fault':
        nodes[step.node] = { up: true, faults: step.faults };
        break;
      case 'heal':
        nodes[step.node] = { up: true, faults: HEALTHY };
        break;
      case 'deploy':
        if (step.change.add + step.change.modify > 0 && writeUnavailableShards(t, nodes) > writeBudget(t))
          overWriteBudgetDeploy = true;
        inFlight = step.background;
        sinceDeploy = 0;
        break;
      case 'settle':
        inFlight = false;
        break;
      default:
        break;
    }
  };
  /** A node that may turn bad without exceeding the profile's limit. */
  const mayTurnBad = (i: number) => nodes[i]!.up && (badForRead(nodes[i]!) || badCount() < maxBad);

  const kill = (node: number): Step => ({ op: 'kill', node, signal: chance(0.6) ? 'SIGKILL' : 'SIGTERM' });
  const fault = (node: number, allowBad: boolean): Step => {
    const latencyMs = chance(0.3) ? int(20, 400) : 0;
    const kind = allowBad ? random() : 0;
    const faults: FaultSettings =
      kind < 0.3
        ? { ...HEALTHY, latencyMs: latencyMs || int(20, 400) }
        : kind < 0.5
          ? { ...HEALTHY, latencyMs, dropRate: pick([0.05, 0.2, 0.5, 1]) }
          : kind < 0.8
            ? { ...HEALTHY, latencyMs, corruptRate: pick([0.3, 0.7, 1]) }
            : { ...HEALTHY, refuseAll: true };
    return { op: 'fault', node, faults };
  };
  const change = (first: boolean): SiteChange => ({
    seed: int(1, 0xffff_fff0),
    modify: first ? 0 : int(0, 3),
    add: first ? int(4, 10) : int(0, 3),
    remove: first ? 0 : int(0, 2),
    maxQuiltBytes: chance(0.2) ? int(20, 80) * 1000 : null,
  });
  const deploy = (first: boolean, background: boolean): Step => {
    const c = change(first);
    // Every later deploy changes something, so none is a no-op.
    return { op: 'deploy', change: c.modify + c.add + c.remove === 0 ? { ...c, modify: 1 } : c, background };
  };
  const vias = Object.entries(options.vias).filter(([, w]) => (w ?? 0) > 0) as [Via, number][];
  const totalWeight = vias.reduce((sum, [, w]) => sum + w, 0);
  const via = (): Via => {
    let r = random() * totalWeight;
    for (const [name, weight] of vias) if ((r -= weight) < 0) return name;
    return vias[0]![0];
  };
  const browse = (): Step => {
    const v = via();
    const fresh = chance(v === 'chromium' ? 0.15 : 0.3);
    const targets: BrowseTarget[] = Array.from({ length: int(2, 5) }, () => {
      const r = random();
      const kind = r < 0.7 ? 'file' : r < 0.8 ? 'root' : r < 0.9 ? 'route' : 'missing';
      return { kind, pick: int(0, 0x7fff_ffff), range: kind === 'file' && chance(0.15) } as const;
    });
    const hostile = v === 'chromium' && hostileRandom() < HOSTILE_SHARE;
    // After the poisoning, the page the script ran in is asked for first: its entries were in the
    // caches (the page was just loaded), so the new worker meets poisoned ones at once.
    if (hostile) targets.unshift({ kind: 'root', pick: 0, range: false });
    // A fresh Chromium context installs the worker again (about a second): less often.
    return { op: 'browse', via: v, fresh, hostile, targets };
  };

  // Sometimes the first deploy already meets faults.
  if (profile !== 'calm' && chance(0.3)) {
    const candidates = [...Array(count).keys()].filter(mayTurnBad);
    if (candidates.length) push(chance(0.5) ? kill(pick(candidates)) : fault(pick(candidates), true));
  }
  push(deploy(true, chance(0.3)));
  const length = int(7, 12);
  while (steps.length < length) {
    const up = indicesWhere(nodes, (n) => n.up);
    const down = indicesWhere(nodes, (n) => !n.up);
    const faulted = indicesWhere(nodes, (n) => n.up && n.faults !== HEALTHY);
    const canBad = [...Array(count).keys()].filter(mayTurnBad);
    const options: [() => Step | null, number][] = [
      [() => (canBad.length ? kill(pick(canBad)) : null), inFlight ? 3 : 2],
      [() => (down.length ? { op: 'restart', node: pick(down) } : null), down.length ? 2 : 0],
      [() => (up.length ? fault(pick(up), true) : null), 2],
      [() => (faulted.length ? { op: 'heal', node: pick(faulted) } : null), faulted.length ? 1 : 0],
      [() => (inFlight ? null : deploy(false, chance(0.45))), inFlight ? 0 : 2],
      [() => (inFlight ? { op: 'settle' } : null), inFlight ? sinceDeploy : 0],
      [() => browse(), 2.5],
      [() => (inFlight ? { op: 'wait', ms: int(100, 1500) } : null), inFlight ? 1.5 : 0],
    ];
    if (inFlight && sinceDeploy >= 4) {
      push({ op: 'settle' });
      continue;
    }
    // A `fault` that would make a node bad beyond the profile's limit becomes latency only.
    let r = random() * options.reduce((sum, [, w]) => sum + w, 0);
    for (const [make, weight] of options) {
      if ((r -= weight) >= 0) continue;
      let step = make();
      if (step?.op === 'fault' && badForRead({ up: true, faults: step.faults }) && !mayTurnBad(step.node))
        step = fault(step.node, false);
      if (step) push(step);
      break;
    }
  }
  if (inFlight) push({ op: 'settle' });
  if (profile === 'overload' && !overWriteBudgetDeploy) {
    // Take nodes down until an upload cannot reach a quorum, then deploy into that.
    while (writeUnavailableShards(t, nodes) <= writeBudget(t)) {
      const healthy = indicesWhere(nodes, (n) => !badForWrite(n));
      push(kill(pick(healthy)));
    }
    // With something to upload: a deploy that only removes files needs no storage node.
    const step = deploy(false, false) as Extract<Step, { op: 'deploy' }>;
    push({ ...step, change: { ...step.change, add: Math.max(1, step.change.add) } });
    push(browse());
  }
  push(browse());
  return { runSeed, index, profile, steps };
}
