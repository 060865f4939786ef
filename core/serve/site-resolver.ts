// Host label → Site object ID, in the portals' order: a label without a dot that decodes as base36
// to an existing object is that object; otherwise it is a name (`<label>.sui`) whose record's
// `walrus_site_id` names the site. Answers are cached for a short TTL (names can be re-pointed).
import type { ObjectReader } from '../sui/object-reader.ts';
import { base36ToObjectId } from '../site/base36.ts';
import { InvalidNameError, resolveSiteName } from '../sui/names.ts';
import type { NetworkConfig } from '../sui/networks.ts';

export interface SiteResolverOptions {
  readonly sui: ObjectReader;
  readonly network: NetworkConfig;
  readonly ttlMs?: number;
  readonly now?: () => number;
}

/** The object ID a label names if it is read as base36 (a label without a dot), else null. */
export function base36Label(label: string): string | null {
  return label.includes('.') ? null : base36ToObjectId(label.toLowerCase());
}

export class SiteResolver {
  readonly #options: SiteResolverOptions;
  readonly #cache = new Map<string, { at: number; id: Promise<string | null> }>();

  constructor(options: SiteResolverOptions) {
    this.#options = options;
  }

  /** The site ID for a subdomain label, or null when nothing is known by that label. */
  resolve(label: string): Promise<string | null> {
    const key = label.toLowerCase();
    const now = this.#options.now?.() ?? Date.now();
    const cached = this.#cache.get(key);
    if (cached && now - cached.at < (this.#options.ttlMs ?? 30_000)) return cached.id;
    const id = this.#resolve(key);
    if (this.#cache.size > 1000) this.#cache.clear();
    this.#cache.set(key, { at: now, id });
    id.catch(() => this.#cache.delete(key));
    return id;
  }

  async #resolve(label: string): Promise<string | null> {
    const { sui, network } = this.#options;
    const id = base36Label(label);
    // Short labels decode too (padded to 32 bytes); only an existing object counts, so names
    // that happen to be valid base36 still work.
    if (id) {
      const { objects } = await sui.core.getObjects({ objectIds: [id] });
      if (!(objects[0] instanceof Error)) return id;
    }
    try {
      const record = await resolveSiteName(sui, network, label);
      return record?.siteId ?? null;
    } catch (error) {
      if (error instanceof InvalidNameError) return null;
      throw error;
    }
  }
}
