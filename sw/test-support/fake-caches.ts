// An in-memory stand-in for the Cache API (the parts the worker uses), for unit tests in Node:
// entries keyed by URL, bodies kept as bytes so every match returns a fresh Response, and a count
// of writes so a test can tell a write that was skipped from one that happened.
type Key = RequestInfo | URL;

const urlOf = (key: Key): string => (typeof key === 'string' ? key : key instanceof URL ? key.href : key.url);

interface Stored {
  readonly body: Uint8Array;
  readonly status: number;
  readonly headers: [string, string][];
}

export class FakeCache {
  readonly entries = new Map<string, Stored>();
  puts = 0;

  async match(key: Key): Promise<Response | undefined> {
    const stored = this.entries.get(urlOf(key));
    if (!stored) return undefined;
    return new Response(stored.status === 204 ? null : (stored.body as BodyInit), {
      status: stored.status,
      headers: stored.headers,
    });
  }

  async put(key: Key, response: Response): Promise<void> {
    this.puts++;
    const body = new Uint8Array(await response.arrayBuffer());
    this.entries.set(urlOf(key), { body, status: response.status, headers: [...response.headers] });
  }

  async delete(key: Key): Promise<boolean> {
    return this.entries.delete(urlOf(key));
  }

  async keys(): Promise<Request[]> {
    return [...this.entries.keys()].map((url) => new Request(url));
  }
}

export class FakeCacheStorage {
  readonly caches = new Map<string, FakeCache>();

  async open(name: string): Promise<FakeCache> {
    let cache = this.caches.get(name);
    if (!cache) {
      cache = new FakeCache();
      this.caches.set(name, cache);
    }
    return cache;
  }

  async keys(): Promise<string[]> {
    return [...this.caches.keys()];
  }

  async delete(name: string): Promise<boolean> {
    return this.caches.delete(name);
  }
}
