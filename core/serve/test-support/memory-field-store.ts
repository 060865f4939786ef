// A FieldStore in memory, for tests: what the worker's Cache API store does, writable by the test
// as a site's script could write the real one.
import type { FieldStore, FieldValue } from '../site-lookup.ts';

export class MemoryFieldStore implements FieldStore {
  readonly entries = new Map<string, FieldValue>();

  async kept(siteId: string): Promise<ReadonlyMap<string, FieldValue>> {
    return new Map([...this.entries].filter(([key]) => key.startsWith(`${siteId}/`)));
  }

  async put(key: string, value: FieldValue): Promise<void> {
    this.entries.set(key, value);
  }

  async keepOnly(siteId: string, version: string): Promise<void> {
    for (const key of [...this.entries.keys()]) {
      if (key.startsWith(`${siteId}/`) && !key.startsWith(`${siteId}/${version}/`)) this.entries.delete(key);
    }
  }
}
