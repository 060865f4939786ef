// The sampling thread of process-memory.ts: one sample every `intervalMs`, and one more whenever
// the main thread posts a request id.
import { parentPort, workerData } from 'node:worker_threads';
import { sampleProcesses, type SamplerMessage } from './process-memory.ts';

const { intervalMs, root } = workerData as { intervalMs: number; root: number };
const started = performance.now();

function sample(id?: number): void {
  const at = performance.now();
  const processes = sampleProcesses(root);
  const message: SamplerMessage = {
    sample: { atMs: at - started, processes },
    costMs: performance.now() - at,
    ...(id !== undefined ? { id } : {}),
  };
  parentPort!.postMessage(message);
}

sample();
setInterval(sample, intervalMs);
parentPort!.on('message', (id: number) => sample(id));
