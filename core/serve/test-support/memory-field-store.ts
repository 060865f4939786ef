// A FieldStore in memory, for tests: what the worker's Cache API store does, writable by the test
// as a site's script could write the real one. `vouching` plays a store that authenticates its own
// writes (sw/lookup-store.ts with a key): it reports the last confirmation, which only the lookup
// itself records; `entries` written by the test stand for what such a store would take as its own.
import type { Confirmation, FieldStore, FieldValue, KeptFields } from '../site-lookup.ts';

export class MemoryFieldStore implements FieldStore {
  readonly entries = new Map<string, FieldValue>();
  readonly confirmations = new Map<string, Confirmation>();
  readonly #vouching: boolean;

  constructor(options: { vouching?: boolean } = {}) {
    this.#vouching = options.vouching ?? false;
  }

  async kept(siteId: string): Promise<KeptFields> {
    return {
      fields: new Map([...this.entries].filter(([key]) => key.startsWith(`${siteId}/`))),
      confirmed: this.#vouching ? (this.confirmations.get(siteId) ?? null) : null,
    };
  }

  async put(key: string, value: FieldValue): Promise<void> {
    this.entries.set(key, value);
  }

  async keepOnly(siteId: string, version: string): Promise<void> {
    for (const key of [...this.entries.keys()]) {
      if (key.startsWith(`${siteId}/`) && !key.startsWith(`${siteId}/${version}/`)) this.entries.delete(key);
    }
  }

  async confirm(siteId: string, confirmation: Confirmation): Promise<void> {
    this.confirmations.set(siteId, confirmation);
  }
}
