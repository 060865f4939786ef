import { describe, expect, it } from 'vitest';
import { splitShards } from '../devnet/launcher/plan.ts';
import {
  badForRead,
  HEALTHY,
  healthyNodes,
  indicesWhere,
  mustBeReadable,
  writeUnavailableShards,
  type NodeState,
} from './node-state.ts';
import { generateSchedule, HOSTILE_SHARE, scheduleSeed, type Schedule } from './schedule.ts';
import { applyChange, expectedFor, FIXED_PATHS } from './site-model.ts';
import { maxFaulty, nodesWithin, readBudget, shardsOf, writeBudget, type Topology } from './topology.ts';

const topology: Topology = { nShards: 100, nodeShards: splitShards(100, 7).map((s) => s.length) };
const vias = { chromium: 1, portal: 1, service: 1 };

describe('topology', () => {
  it('should give f, the read budget 2f and the write budget f', () => {
    expect(maxFaulty(100)).toBe(33);
    expect(readBudget(topology)).toBe(66);
    expect(writeBudget(topology)).toBe(33);
    expect(writeBudget({ nShards: 1000, nodeShards: [1000] })).toBe(333);
    expect(writeBudget({ nShards: 10, nodeShards: [10] })).toBe(3);
  });

  it('should count the nodes any of which may be down within a budget', () => {
    expect(topology.nodeShards).toEqual([14, 14, 14, 15, 14, 14, 15]);
    expect(nodesWithin(topology, writeBudget(topology))).toBe(2);
    expect(nodesWithin(topology, readBudget(topology))).toBe(4);
    expect(shardsOf(topology, [3, 6, 3])).toBe(30);
  });

  it('should count a node that never confirmed a blob as unavailable to it', () => {
    const nodes = healthyNodes(7);
    const all = new Set([0, 1, 2, 3, 4, 5, 6]);
    expect(mustBeReadable(topology, nodes, all)).toBe(true);
    // 4 nodes missing (57 shards): still readable; 5 (71 shards): not.
    expect(mustBeReadable(topology, nodes, new Set([0, 1, 2]))).toBe(true);
    expect(mustBeReadable(topology, nodes, new Set([0, 1]))).toBe(false);
    nodes[3] = { up: true, faults: { ...HEALTHY, latencyMs: 300 } };
    expect(mustBeReadable(topology, nodes, new Set([0, 1, 3]))).toBe(true);
    nodes[3] = { up: true, faults: { ...HEALTHY, corruptRate: 0.3 } };
    expect(mustBeReadable(topology, nodes, new Set([0, 1, 3]))).toBe(false);
  });
});

/** Replays a schedule's node operations, calling `visit` with the state before each step. */
function replay(schedule: Schedule, visit: (nodes: NodeState[], step: Schedule['steps'][number]) => void) {
  const nodes = healthyNodes(topology.nodeShards.length);
  for (const step of schedule.steps) {
    visit(nodes, step);
    if (step.op === 'kill') nodes[step.node] = { up: false, faults: HEALTHY };
    if (step.op === 'restart' || step.op === 'heal') nodes[step.node] = { up: true, faults: HEALTHY };
    if (step.op === 'fault') nodes[step.node] = { up: true, faults: step.faults };
  }
  return nodes;
}

describe('generateSchedule', () => {
  const schedules = Array.from({ length: 300 }, (_, i) => generateSchedule(7, i, { topology, vias }));

  it('should be a pure function of the run seed and the index', () => {
    expect(generateSchedule(7, 17, { topology, vias })).toEqual(schedules[17]);
    expect(generateSchedule(8, 17, { topology, vias })).not.toEqual(schedules[17]);
    expect(new Set(schedules.map((_, i) => scheduleSeed(7, i))).size).toBe(300);
  });

  it('should cover every profile, operation and browsing path', () => {
    expect(new Set(schedules.map((s) => s.profile))).toEqual(new Set(['calm', 'degraded', 'overload']));
    const ops = new Set(schedules.flatMap((s) => s.steps.map((step) => step.op)));
    expect(ops).toEqual(new Set(['kill', 'restart', 'fault', 'heal', 'deploy', 'settle', 'browse', 'wait']));
    const browses = schedules.flatMap((s) => s.steps.flatMap((step) => (step.op === 'browse' ? [step] : [])));
    expect(new Set(browses.map((b) => b.via))).toEqual(new Set(['chromium', 'portal', 'service']));
    const kills = schedules.flatMap((s) =>
      s.steps.flatMap((step) => (step.op === 'kill' ? [step.signal] : [])),
    );
    expect(new Set(kills)).toEqual(new Set(['SIGKILL', 'SIGTERM']));
  });

  it('should precede a modest share of Chromium browses, and no other, with a hostile site script', () => {
    const browses = schedules.flatMap((s) => s.steps.flatMap((step) => (step.op === 'browse' ? [step] : [])));
    expect(browses.filter((b) => b.hostile && b.via !== 'chromium')).toEqual([]);
    const chromium = browses.filter((b) => b.via === 'chromium');
    const share = chromium.filter((b) => b.hostile).length / chromium.length;
    expect(share).toBeGreaterThan(HOSTILE_SHARE / 2);
    expect(share).toBeLessThan(HOSTILE_SHARE * 1.5);
    // The short form (seed 87, schedules 0–4) has one, so CI runs the step.
    const short = Array.from({ length: 5 }, (_, i) => generateSchedule(87, i, { topology, vias }));
    expect(short.some((s) => s.steps.some((step) => step.op === 'browse' && step.hostile))).toBe(true);
  });

  it('should only restart stopped nodes, fault or heal running ones, and settle every background deploy', () => {
    for (const schedule of schedules) {
      let inFlight = false;
      replay(schedule, (nodes, step) => {
        if (step.op === 'restart') expect(nodes[step.node]!.up).toBe(false);
        if (step.op === 'fault' || step.op === 'heal' || step.op === 'kill')
          expect(nodes[step.node]!.up).toBe(true);
        if (step.op === 'deploy') {
          expect(inFlight).toBe(false);
          inFlight = step.background;
        }
        if (step.op === 'settle') {
          expect(inFlight).toBe(true);
          inFlight = false;
        }
      });
      expect(inFlight).toBe(false);
      expect(schedule.steps.filter((s) => s.op === 'deploy').length).toBeGreaterThanOrEqual(1);
      expect(schedule.steps.at(-1)!.op).toBe('browse');
    }
  });

  it('should keep calm schedules within the write budget and degraded ones within the read budget', () => {
    for (const schedule of schedules.filter((s) => s.profile !== 'overload')) {
      const limit = schedule.profile === 'calm' ? writeBudget(topology) : readBudget(topology);
      replay(schedule, (nodes) => {
        expect(shardsOf(topology, indicesWhere(nodes, badForRead))).toBeLessThanOrEqual(limit);
      });
    }
  });

  it('should make every overload schedule upload with more than f shards unreachable', () => {
    for (const schedule of schedules.filter((s) => s.profile === 'overload')) {
      let beyond = false;
      replay(schedule, (nodes, step) => {
        if (
          step.op === 'deploy' &&
          step.change.add + step.change.modify > 0 &&
          writeUnavailableShards(topology, nodes) > writeBudget(topology)
        )
          beyond = true;
      });
      expect(beyond, `schedule ${schedule.index}`).toBe(true);
    }
  });
});

describe('site model', () => {
  it('should evolve the folder deterministically and keep the fixed files', () => {
    const first = applyChange(new Map(), { seed: 5, modify: 0, add: 6, remove: 0, maxQuiltBytes: null });
    expect(applyChange(new Map(), { seed: 5, modify: 0, add: 6, remove: 0, maxQuiltBytes: null })).toEqual(
      first,
    );
    expect(first.size).toBe(FIXED_PATHS.length + 6);
    let folder = first;
    for (let seed = 1; seed < 40; seed++)
      folder = applyChange(folder, { seed, modify: 1, add: 0, remove: 2, maxQuiltBytes: null });
    expect([...folder.keys()].sort()).toEqual([...FIXED_PATHS].sort());
  });

  it('should answer a URL as the portal does: file, route target, else /404.html with 404', () => {
    const enc = new TextEncoder();
    const folder = new Map([
      ['/index.html', enc.encode('home')],
      ['/404.html', enc.encode('gone')],
      ['/app/index.html', enc.encode('app')],
      ['/docs/café menu.txt', enc.encode('menu')],
    ]);
    expect(expectedFor(folder, '/')).toMatchObject({ status: 200, path: '/index.html' });
    expect(expectedFor(folder, encodeURI('/docs/café menu.txt'))).toMatchObject({ status: 200 });
    expect(expectedFor(folder, '/app/x/y')).toMatchObject({ status: 200, path: '/app/index.html' });
    expect(expectedFor(folder, '/nope.txt')).toMatchObject({ status: 404, path: '/404.html' });
    expect(expectedFor(folder, '/404.html')).toMatchObject({ status: 404, path: '/404.html' });
  });
});
