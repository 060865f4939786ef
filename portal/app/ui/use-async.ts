// Runs an async load when its inputs change and tracks it as loading / ok / error. The previous
// load is aborted, so a slow answer for an old input never overwrites a newer one.
import { useCallback, useEffect, useState, type DependencyList } from 'react';

export type AsyncState<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'ok'; readonly value: T }
  | { readonly status: 'error'; readonly error: Error };

export function useAsync<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: DependencyList,
): AsyncState<T> & { readonly reload: () => void } {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    load(controller.signal).then(
      (value) => {
        if (!controller.signal.aborted) setState({ status: 'ok', value });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', error: asError(error) });
      },
    );
    return () => controller.abort();
    // `load` is a fresh closure every render; `deps` lists what it depends on.
  }, [...deps, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, reload };
}

export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
