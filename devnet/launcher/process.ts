// Child processes of the devnet (the chain and each node): started with this Node binary, ready
// once they print their one JSON line, stopped with SIGTERM (SIGKILL after a grace period).
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';

export class ChildStartError extends Error {
  override name = 'ChildStartError';
}

export interface Child<T> {
  readonly name: string;
  readonly process: ChildProcess;
  readonly info: T;
  stop(graceMs?: number): Promise<void>;
}

export interface ChildOptions {
  /** How long the ready line may take. @default 30000 */
  readonly timeoutMs?: number;
  /** Open a Node IPC channel (`child.process.send`), for children that take commands. @default false */
  readonly ipc?: boolean;
  /** Added to this process's environment for the child. */
  readonly env?: Readonly<Record<string, string>>;
}

/** Spawns `script` with `args`; stderr goes to `logFile`; resolves with the parsed ready line. */
export async function startChild<T>(
  name: string,
  script: string,
  args: readonly string[],
  logFile: string,
  options: ChildOptions = {},
): Promise<Child<T>> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const child = spawn(process.execPath, [script, ...args], {
    stdio: options.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
    ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
  });
  const log = createWriteStream(logFile, { flags: 'a' });
  child.stderr!.pipe(log);
  const lines = createInterface({ input: child.stdout! });
  const info = await new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new ChildStartError(`${name} did not become ready within ${timeoutMs} ms (log: ${logFile})`));
    }, timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new ChildStartError(`${name} exited during start (${signal ?? `code ${code}`}); see ${logFile}`),
      );
    });
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(line) as T);
      } catch {
        reject(new ChildStartError(`${name} printed an unexpected first line: ${line.slice(0, 200)}`));
      }
    });
  });
  // Later stdout lines are logs too.
  lines.on('line', (line) => log.write(`${line}\n`));
  return {
    name,
    process: child,
    info,
    stop: (graceMs = 5000) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          log.end();
          resolve();
          return;
        }
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        child.once('exit', () => {
          clearTimeout(timer);
          log.end();
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
