// One schedule's deploys: the developer's folder, the versions that made it on chain, and the
// deploy in flight (a background deploy keeps running while later steps change faults and browse).
// When a deploy settles it checks deploy-atomicity against the chain, write-available against the
// worst unreachable-shard count it met, and registers the blobs it certified.
import type { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { objectIdToBase36 } from '../core/site/base36.ts';
import { refreshHolders } from './blobs.ts';
import { deployFolder, ownedBlobs, ownedSites, siteResources, type SiteResources } from './chain.ts';
import { checkDeploy, folderHashes, type VersionRecord, type Violation } from './invariants.ts';
import { mustWrite, writeUnavailableShards } from './node-state.ts';
import { applyChange, type Folder, type SiteChange } from './site-model.ts';
import { maxFaulty } from './topology.ts';
import type { World } from './world.ts';

interface InFlight {
  readonly step: number;
  readonly record: VersionRecord;
  readonly before: ReadonlyMap<string, string> | null;
  readonly outcome: Promise<{ ok: true; siteId: string } | { ok: false; error: string }>;
  /** Most shards an upload could not reach at any point of the deploy. */
  worstWrite: number;
}

export class DeployTracker {
  readonly #world: World;
  readonly #schedule: number;
  readonly #signer: Ed25519Keypair;
  readonly #violations: Violation[];
  #folder: Folder = new Map();
  #siteId: string | null = null;
  #inFlight: InFlight | null = null;
  /** Successful versions in order, and the one in flight last. */
  readonly history: VersionRecord[] = [];
  readonly stats = { ok: 0, failed: 0 };

  constructor(world: World, schedule: number, signer: Ed25519Keypair, violations: Violation[]) {
    this.#world = world;
    this.#schedule = schedule;
    this.#signer = signer;
    this.#violations = violations;
  }

  get inFlight(): boolean {
    return this.#inFlight !== null;
  }

  /** The site's subdomain label, once a deploy created it. */
  get label(): string | null {
    return this.#siteId ? objectIdToBase36(this.#siteId) : null;
  }

  start(step: number, change: SiteChange): void {
    if (this.#inFlight) throw new Error('a deploy is already running');
    this.#folder = applyChange(this.#folder, change);
    const committed = this.history.at(-1);
    const record: VersionRecord = {
      number: this.history.length + 1,
      folder: this.#folder,
      startedAt: Date.now(),
      settledAt: null,
      resources: null,
    };
    this.history.push(record);
    const world = this.#world;
    const outcome = deployFolder(world.chain, world.encoder, this.#signer, this.#folder, {
      siteId: this.#siteId,
      maxQuiltBytes: change.maxQuiltBytes,
      onEvent: (event) => {
        if (event.type === 'node' && event.error) world.debug(`  deploy: ${event.node}: ${event.error}`);
      },
    }).then(
      (result) => {
        world.debug(
          `  deploy phases (ms): ${JSON.stringify(result.phases)}, ${result.quilts.length} quilt(s)`,
        );
        return { ok: true as const, siteId: result.siteId! };
      },
      (error: unknown) => ({
        ok: false as const,
        error: `${(error as Error).name}: ${(error as Error).message}`,
      }),
    );
    this.#inFlight = {
      step,
      record,
      before: committed ? folderHashes(committed.folder) : null,
      outcome,
      worstWrite: 0,
    };
    this.noteFaults();
  }

  /** Records the unreachable shards now, for write-available (call after every step). */
  noteFaults(): void {
    if (!this.#inFlight) return;
    const now = writeUnavailableShards(this.#world.topology, this.#world.cluster.snapshot());
    this.#inFlight.worstWrite = Math.max(this.#inFlight.worstWrite, now);
  }

  /** Waits for the deploy in flight and checks what it left on chain. */
  async settle(step: number): Promise<void> {
    const flight = this.#inFlight;
    if (!flight) return;
    const outcome = await flight.outcome;
    const settledAt = Date.now();
    this.#inFlight = null;
    const { chain, registry, config, topology, cluster } = this.#world;
    const owner = this.#signer.toSuiAddress();
    if (outcome.ok) this.#siteId = outcome.siteId;
    let onChain: SiteResources | null;
    if (this.#siteId) {
      onChain = await siteResources(chain, this.#siteId);
    } else {
      const sites = await ownedSites(chain, owner);
      onChain = sites.length ? await siteResources(chain, sites[0]!) : null;
    }
    const owned = await ownedBlobs(chain, owner);
    registry.sync(owned, this.#schedule);
    await refreshHolders(config, cluster.snapshot(), registry.of(this.#schedule));
    const problem = checkDeploy({
      ok: outcome.ok,
      error: outcome.ok ? null : outcome.error,
      before: flight.before,
      attempted: folderHashes(flight.record.folder),
      onChain,
      certified: new Set(owned.filter((b) => b.certified).map((b) => b.blobId)),
    });
    const at = `deploy of step ${flight.step}`;
    if (problem) this.#violations.push({ invariant: 'deploy-atomicity', step, message: `${at}: ${problem}` });
    if (outcome.ok) {
      this.stats.ok++;
      flight.record.settledAt = settledAt;
      flight.record.resources = onChain;
    } else {
      this.stats.failed++;
      this.history.splice(this.history.indexOf(flight.record), 1);
      if (mustWrite(topology, flight.worstWrite)) {
        this.#violations.push({
          invariant: 'write-available',
          step,
          message: `${at} failed with at most ${flight.worstWrite} shards unreachable (f = ${maxFaulty(topology.nShards)}): ${outcome.error}`,
        });
      }
    }
    this.#world.debug(
      `  deploy of step ${flight.step} ${outcome.ok ? `→ v${flight.record.number}` : `failed: ${outcome.error.slice(0, 300)}`} (worst ${flight.worstWrite} shards unreachable)`,
    );
  }
}
