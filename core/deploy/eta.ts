// Time left for a phase measured in bytes, from an exponentially weighted rate: a deploy's rate
// changes as it moves from small quilts to big blobs and as nodes slow down, so recent progress
// counts more than the average since the start. Pure; the caller supplies the clock.

export interface EtaEstimate {
  /** Bytes per second, smoothed; undefined until two samples are apart in time. */
  readonly rate: number | undefined;
  /** Seconds left at that rate; undefined while the rate is unknown. */
  readonly secondsLeft: number | undefined;
}

export class Eta {
  readonly #halfLifeMs: number;
  #last: { at: number; done: number } | undefined;
  #rate: number | undefined;

  /** `halfLifeMs`: how quickly older progress stops counting (default 5 s). */
  constructor(halfLifeMs = 5000) {
    this.#halfLifeMs = halfLifeMs;
  }

  /** Records that `done` of `total` bytes are finished at time `at` (ms) and returns the estimate. */
  update(done: number, total: number, at: number): EtaEstimate {
    const last = this.#last;
    if (last === undefined || done < last.done) {
      this.#last = { at, done };
      this.#rate = undefined;
    } else if (at > last.at) {
      const instant = ((done - last.done) / (at - last.at)) * 1000;
      const weight = 1 - 2 ** (-(at - last.at) / this.#halfLifeMs);
      this.#rate = this.#rate === undefined ? instant : this.#rate + weight * (instant - this.#rate);
      this.#last = { at, done };
    }
    const rate = this.#rate;
    const left = Math.max(0, total - done);
    return {
      rate,
      secondsLeft: rate === undefined ? undefined : left === 0 ? 0 : rate > 0 ? left / rate : Infinity,
    };
  }
}

/** "12 s", "3 min 05 s", "1 h 02 min": short enough for a progress line. */
export function formatEta(seconds: number | undefined): string {
  if (seconds === undefined) return 'estimating';
  if (!Number.isFinite(seconds)) return 'stalled';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}
