// Durable storage of one node: an SQLite database (Node's built-in `node:sqlite`) in the node's data
// folder holding verified metadata, slivers, and the chain-derived blob state. The database runs in
// WAL mode with `synchronous = FULL`, so a statement or transaction is on disk when it returns and
// a 2xx answered after it survives kill -9; each write is one SQLite transaction, so a crash leaves
// either the whole value or nothing. (SQLite ships with Node: no native package to install.)
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { SliverType } from '../../core/walrus/node-types.ts';

/** Upper bound of the store's memory map (a 2 GB site puts about 1 GB on each of 10 nodes). */
const MMAP_BYTES = 4 * 1024 ** 3;

export class StoreError extends Error {
  override name = 'StoreError';
}

export interface SliverRecord {
  readonly pair: number;
  readonly type: SliverType;
  /** BCS `SliverData`, verified. */
  readonly bytes: Uint8Array;
}

const TYPE_CODE: Record<SliverType, number> = { primary: 0, secondary: 1 };

/** A JSON-valued table of chain-derived records; bigints survive the round trip. */
export class RecordTable<K extends string | Uint8Array> {
  readonly #get: StatementSync;
  readonly #put: StatementSync;

  constructor(db: DatabaseSync, name: string) {
    db.exec(`CREATE TABLE IF NOT EXISTS ${name} (key BLOB PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID`);
    this.#get = db.prepare(`SELECT value FROM ${name} WHERE key = ?`);
    this.#put = db.prepare(`INSERT OR REPLACE INTO ${name} (key, value) VALUES (?, ?)`);
  }

  get(key: K): unknown {
    const row = this.#get.get(key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value, revive) as unknown) : undefined;
  }

  put(key: K, value: unknown): void {
    this.#put.run(key, JSON.stringify(value, replace));
  }
}

export class NodeStore {
  readonly path: string;
  readonly #db: DatabaseSync;
  readonly #statements: Record<string, StatementSync>;
  /** Chain-derived records owned by the persisted state source. */
  readonly blobs: RecordTable<Uint8Array>;
  readonly chain: RecordTable<string>;
  #closed = false;
  #inTransaction = false;

  private constructor(path: string, db: DatabaseSync) {
    this.path = path;
    this.#db = db;
    db.exec(`
      CREATE TABLE IF NOT EXISTS metadata (blob_id BLOB PRIMARY KEY, bcs BLOB NOT NULL) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS slivers (
        blob_id BLOB NOT NULL, pair INTEGER NOT NULL, type INTEGER NOT NULL, bcs BLOB NOT NULL,
        PRIMARY KEY (blob_id, pair, type)
      ) WITHOUT ROWID;
    `);
    this.#statements = {
      getMetadata: db.prepare('SELECT bcs FROM metadata WHERE blob_id = ?'),
      putMetadata: db.prepare('INSERT OR REPLACE INTO metadata (blob_id, bcs) VALUES (?, ?)'),
      getSliver: db.prepare('SELECT bcs FROM slivers WHERE blob_id = ? AND pair = ? AND type = ?'),
      putSliver: db.prepare('INSERT OR REPLACE INTO slivers (blob_id, pair, type, bcs) VALUES (?, ?, ?, ?)'),
      deleteMetadata: db.prepare('DELETE FROM metadata WHERE blob_id = ?'),
      deleteSlivers: db.prepare('DELETE FROM slivers WHERE blob_id = ?'),
      metadataIds: db.prepare('SELECT blob_id FROM metadata'),
    };
    this.blobs = new RecordTable<Uint8Array>(db, 'blobs');
    this.chain = new RecordTable<string>(db, 'chain');
  }

  /** Opens (creating if needed) the store in `dir`. */
  static async open(dir: string): Promise<NodeStore> {
    await mkdir(dir, { recursive: true });
    const path = join(dir, 'node.sqlite');
    try {
      const db = new DatabaseSync(path);
      // WAL + FULL: every commit is fsynced before it returns, and readers never block the writer.
      db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;');
      // Reads through a memory map: a sliver is a chain of overflow pages, and copying them from the
      // map instead of one read() per page halves a 628 KB sliver's read (4 → 2 ms). Address space
      // only; the kernel's page cache holds the bytes either way.
      db.exec(`PRAGMA mmap_size = ${MMAP_BYTES}`);
      return new NodeStore(path, db);
    } catch (cause) {
      throw new StoreError(`cannot open the node store at ${path}: ${(cause as Error).message}`, { cause });
    }
  }

  getMetadata(blobId: Uint8Array): Uint8Array | undefined {
    return (this.#statements.getMetadata!.get(blobId) as { bcs: Uint8Array } | undefined)?.bcs;
  }

  hasMetadata(blobId: Uint8Array): boolean {
    return this.getMetadata(blobId) !== undefined;
  }

  async putMetadata(blobId: Uint8Array, bcs: Uint8Array): Promise<void> {
    await this.#write(() => this.#statements.putMetadata!.run(blobId, bcs), 'metadata');
  }

  getSliver(blobId: Uint8Array, pair: number, type: SliverType): Uint8Array | undefined {
    const row = this.#statements.getSliver!.get(blobId, pair, TYPE_CODE[type]) as
      { bcs: Uint8Array } | undefined;
    return row?.bcs;
  }

  hasSliver(blobId: Uint8Array, pair: number, type: SliverType): boolean {
    return this.getSliver(blobId, pair, type) !== undefined;
  }

  async putSliver(blobId: Uint8Array, record: SliverRecord): Promise<void> {
    await this.#write(
      () => this.#statements.putSliver!.run(blobId, record.pair, TYPE_CODE[record.type], record.bytes),
      'sliver',
    );
  }

  /** Metadata and slivers buffered before registration, committed together. */
  async putUpload(blobId: Uint8Array, metadata: Uint8Array, slivers: readonly SliverRecord[]): Promise<void> {
    await this.#write(
      () =>
        this.#atomically(() => {
          this.#statements.putMetadata!.run(blobId, metadata);
          for (const s of slivers)
            this.#statements.putSliver!.run(blobId, s.pair, TYPE_CODE[s.type], s.bytes);
        }),
      'upload',
    );
  }

  /** Drops a blob's metadata and every sliver (garbage collection after deletion or expiry). */
  async deleteBlob(blobId: Uint8Array): Promise<void> {
    await this.#write(
      () =>
        this.#atomically(() => {
          this.#statements.deleteMetadata!.run(blobId);
          this.#statements.deleteSlivers!.run(blobId);
        }),
      'deletion',
    );
  }

  /** IDs of every blob with stored metadata. */
  *metadataBlobIds(): Iterable<Uint8Array> {
    for (const row of this.#statements.metadataIds!.iterate())
      yield Uint8Array.from((row as { blob_id: Uint8Array }).blob_id);
  }

  /** Runs `action` in one write transaction, resolved once durable. */
  transaction<T>(action: () => T): Promise<T> {
    if (this.#closed) return Promise.reject(new StoreError('the store is closed'));
    try {
      return Promise.resolve(this.#atomically(action));
    } catch (cause) {
      return Promise.reject(new StoreError(`transaction failed: ${(cause as Error).message}`, { cause }));
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }

  #atomically<T>(action: () => T): T {
    // Calls made inside an open transaction join it (the state source nests its writes).
    if (this.#inTransaction) return action();
    this.#db.exec('BEGIN IMMEDIATE');
    this.#inTransaction = true;
    try {
      const result = action();
      this.#db.exec('COMMIT');
      return result;
    } catch (error) {
      this.#db.exec('ROLLBACK');
      throw error;
    } finally {
      this.#inTransaction = false;
    }
  }

  async #write(action: () => unknown, what: string): Promise<void> {
    if (this.#closed) throw new StoreError(`cannot store ${what}: the store is closed`);
    try {
      action();
    } catch (cause) {
      throw new StoreError(`storing ${what} failed: ${(cause as Error).message}`, { cause });
    }
  }
}

function replace(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return { $bigint: value.toString() };
  if (value instanceof Uint8Array) return { $bytes: [...value] };
  return value;
}

function revive(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object') {
    if ('$bigint' in value) return BigInt((value as { $bigint: string }).$bigint);
    if ('$bytes' in value) return Uint8Array.from((value as { $bytes: number[] }).$bytes);
  }
  return value;
}
