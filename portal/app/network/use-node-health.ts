// Polls every node's health on a fixed beat and keeps each node's last samples. Rounds never
// overlap (a probe gives up after 4 s, before the next 5 s beat), and polling pauses while the
// tab is hidden, probing again as soon as it is shown.
import { useEffect, useState } from 'react';
import { probeNode, type Probe } from './probe-node.ts';

export const POLL_INTERVAL_MS = 5000;
export const SAMPLES_KEPT = 30;

export type HealthSamples = ReadonlyMap<string, readonly Probe[]>;

export function useNodeHealth(urls: readonly string[]): HealthSamples {
  const [samples, setSamples] = useState<HealthSamples>(new Map());
  const key = urls.join('\n');

  useEffect(() => {
    const list = key === '' ? [] : key.split('\n');
    if (list.length === 0) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let running = false;

    const round = async () => {
      if (running || controller.signal.aborted) return;
      if (document.hidden) return;
      running = true;
      const started = Date.now();
      const probes = await Promise.all(list.map((url) => probeNode(url, controller.signal)));
      running = false;
      if (controller.signal.aborted) return;
      setSamples((previous) => {
        const next = new Map<string, readonly Probe[]>();
        list.forEach((url, i) =>
          next.set(url, [...(previous.get(url) ?? []), probes[i]!].slice(-SAMPLES_KEPT)),
        );
        return next;
      });
      timer = setTimeout(() => void round(), Math.max(0, POLL_INTERVAL_MS - (Date.now() - started)));
    };

    const onVisibility = () => {
      if (document.hidden) return;
      clearTimeout(timer);
      void round();
    };
    document.addEventListener('visibilitychange', onVisibility);
    void round();
    return () => {
      controller.abort();
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [key]);

  return samples;
}
