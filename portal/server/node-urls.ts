// The storage nodes the apex's Content-Security-Policy lets the app reach: the committee the server
// itself reads from (cached per epoch by the site service). Answering the app never waits long on
// the chain: past `waitMs` the last list seen is used, or null when there has been none.
import type { Committee } from '../../core/walrus/committee.ts';

export class NodeUrls {
  readonly #committee: () => Promise<Committee>;
  readonly #waitMs: number;
  #last: readonly string[] | null = null;

  constructor(committee: () => Promise<Committee>, waitMs = 3_000) {
    this.#committee = committee;
    this.#waitMs = waitMs;
  }

  async current(): Promise<readonly string[] | null> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), this.#waitMs);
    });
    const loaded = this.#committee().then(
      (committee) => (this.#last = committee.members.map((member) => member.url)),
      () => null,
    );
    try {
      return (await Promise.race([loaded, late])) ?? this.#last;
    } finally {
      clearTimeout(timer);
    }
  }
}
