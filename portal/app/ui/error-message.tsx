// A failure shown to the user: what failed, the error's own message, and a way to try again.
import type { ReactNode } from 'react';

export interface ErrorMessageProps {
  readonly title: string;
  readonly error: Error;
  readonly onRetry?: () => void;
  readonly testId?: string;
  readonly children?: ReactNode;
}

export function ErrorMessage({ title, error, onRetry, testId, children }: ErrorMessageProps) {
  return (
    <div className="error-box" role="alert" data-testid={testId}>
      <p className="error-title">{title}</p>
      <p className="error-detail">
        {error.name && error.name !== 'Error' ? <span className="error-kind">{error.name}: </span> : null}
        {error.message}
      </p>
      {children}
      {onRetry ? (
        <button type="button" className="button secondary" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
