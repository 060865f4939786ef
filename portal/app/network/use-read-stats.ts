// Polls the portal server's read statistics (`GET /__floe/read-stats`): reads by path and, per
// storage node, slivers recovered for it and failed requests, as counted by the portal's own
// server-side reads and reported by visitors' service workers. Display only: site scripts can
// report too, so nothing here decides anything. Pauses while the tab is hidden.
import { useEffect, useState } from 'react';
import { READ_STATS_PATH } from '../../../core/serve/portal-protocol.ts';
import type { ReadTallySnapshot } from '../../../core/serve/read-tally.ts';
import { POLL_INTERVAL_MS } from './use-node-health.ts';

/** The latest statistics, or null until the first answer (or while the server has none to give). */
export function useReadStats(): ReadTallySnapshot | null {
  const [stats, setStats] = useState<ReadTallySnapshot | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;

    let running = false;

    const poll = async () => {
      if (running || controller.signal.aborted || document.hidden) return;
      running = true;
      clearTimeout(timer);
      try {
        const response = await fetch(READ_STATS_PATH, { cache: 'no-store', signal: controller.signal });
        const json: unknown = response.ok ? await response.json() : null;
        if (isStats(json)) setStats(json);
      } catch {
        // A portal without the endpoint, or a blip: keep what was shown, try again next beat.
      }
      running = false;
      if (!controller.signal.aborted) timer = setTimeout(() => void poll(), POLL_INTERVAL_MS);
    };

    const onVisibility = () => {
      if (!document.hidden) void poll();
    };
    document.addEventListener('visibilitychange', onVisibility);
    void poll();
    return () => {
      controller.abort();
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, []);

  return stats;
}

function isStats(json: unknown): json is ReadTallySnapshot {
  const stats = json as Partial<ReadTallySnapshot> | null;
  return (
    typeof stats?.reads === 'object' &&
    stats.reads !== null &&
    typeof stats.nodes === 'object' &&
    stats.nodes !== null
  );
}
