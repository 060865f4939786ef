import { describe, expect, it } from 'vitest';
import { NodeLatency } from './node-latency.ts';
import { timedFetch } from './timed-fetch.ts';

const NODE = 'https://node.example';

/** A clock that moves 40 ms between the request leaving and its outcome. */
function stepClock() {
  let t = 0;
  return () => (t += 40) - 40;
}

describe('timedFetch', () => {
  it('records the time to any response, error statuses included', async () => {
    const latency = new NodeLatency({ now: () => 0 });
    const fetch = timedFetch(async () => new Response('no', { status: 404 }), NODE, latency, stepClock());
    expect((await fetch(`${NODE}/v1/x`)).status).toBe(404);
    expect(latency.snapshot().nodes[NODE]).toEqual({ srtt: 40, rttvar: 20, samples: 1, penalty: 0 });
  });

  it('penalises refused connections and deadlines', async () => {
    const latency = new NodeLatency({ now: () => 0, failurePenaltyMs: 1000 });
    const refused = timedFetch(
      () => Promise.reject(new TypeError('fetch failed')),
      NODE,
      latency,
      stepClock(),
    );
    await expect(refused(NODE)).rejects.toThrow('fetch failed');
    const deadline = AbortSignal.abort(new DOMException('slow', 'TimeoutError'));
    const timedOut = timedFetch(() => Promise.reject(deadline.reason), NODE, latency, stepClock());
    await expect(timedOut(NODE, { signal: deadline })).rejects.toThrow('slow');
    expect(latency.snapshot().nodes[NODE]).toEqual({ samples: 0, penalty: 2000 });
  });

  it('counts a request the reader cancelled as at least that slow, not as a failure', async () => {
    const latency = new NodeLatency({ now: () => 0 });
    const cancelled = AbortSignal.abort();
    const fetch = timedFetch(() => Promise.reject(cancelled.reason), NODE, latency, stepClock());
    await expect(fetch(NODE, { signal: cancelled })).rejects.toThrow();
    expect(latency.snapshot().nodes[NODE]).toEqual({ srtt: 40, rttvar: 20, samples: 1, penalty: 0 });
  });
});
