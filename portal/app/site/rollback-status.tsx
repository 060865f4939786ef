// What a rollback is doing or did: the version, the changes it made (nothing is ever uploaded, a
// version is only pointers into quilts already stored), or why it was refused.
import { ErrorMessage } from '../ui/error-message.tsx';
import { Loading } from '../ui/loading.tsx';
import type { RollbackState } from './use-rollback.ts';

export function RollbackStatus({ state }: { readonly state: RollbackState }) {
  switch (state.status) {
    case 'idle':
      return null;
    case 'running':
      return (
        <Loading
          label={`Rolling back to v${state.version}: the wallet signs one site update…`}
          testId="rollback-running"
        />
      );
    case 'failed':
      return (
        <ErrorMessage
          title={`Could not roll back to v${state.version}.`}
          error={state.error}
          testId="rollback-error"
        />
      );
    case 'done': {
      const { added, changed, removed, unchanged } = state.counts;
      return (
        <p className="notice" role="status" data-testid="rollback-result">
          {state.transactions === 0
            ? `The site already serves v${state.version}: nothing to do.`
            : `Rolled back to v${state.version}: ${added} added, ${changed} changed, ${removed} removed, ` +
              `${unchanged} unchanged, nothing uploaded.`}
        </p>
      );
    }
  }
}
