// Cursor paging as Sui's fullnode does it: items in a stable order, the cursor is the last item
// returned, and `nextCursor` stays the last item even on the final page (null only if none came).

/** The page of `items` (sorted by `key`) after `cursor`, at most `limit` long. */
export function pageAfter<T>(
  items: readonly T[],
  key: (item: T) => string,
  cursor: string | null,
  limit: number,
): { items: T[]; nextCursor: string | null; hasNextPage: boolean } {
  const start = cursor === null ? 0 : items.findIndex((item) => key(item) > cursor);
  const rest = start < 0 ? [] : items.slice(start, start + limit + 1);
  const page = rest.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page,
    nextCursor: last === undefined ? cursor : key(last),
    hasNextPage: rest.length > limit,
  };
}
