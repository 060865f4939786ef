// Keeps the tab title in step with the page, for history entries and screen readers.
import { useEffect } from 'react';

export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Floe` : 'Floe';
  }, [title]);
}
