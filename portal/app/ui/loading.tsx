// A polite "still working" line for screen readers and sighted users alike.
export function Loading({ label, testId }: { readonly label: string; readonly testId?: string }) {
  return (
    <p className="loading" role="status" aria-live="polite" data-testid={testId}>
      <span className="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}
