// Which storage nodes a page's other files most likely live on, known as soon as the page's own
// quilt patch is: a site's small files share quilts, laid out column after column, so the files a
// page names sit in the columns around it more often than anywhere else. A reader opens
// connections to those nodes while the page's files are still being looked up on chain, so their
// reads, a lookup later, do not pay the TCP and TLS handshakes (two round trips to a far node) on
// top of their own. Only a guess: a file elsewhere in the quilt or in another blob is read as
// before, and a guessed node that is never asked cost one small request.

/** Columns on each side of the page's patch whose nodes are warmed. */
export const NEIGHBOUR_COLUMNS = 64;
/** Nodes warmed per page at most, nearest columns first. */
export const MAX_NEIGHBOUR_NODES = 12;

/**
 * Distinct members holding the columns within `span` of `[start, end)` (clamped to `[0, columns)`),
 * nearest to the patch first (its own columns at distance 0), at most `max`.
 */
export function neighbourNodes(args: {
  readonly start: number;
  readonly end: number;
  /** Columns of the blob (the geometry's `s`). */
  readonly columns: number;
  readonly memberOfColumn: (column: number) => number;
  readonly span?: number;
  readonly max?: number;
}): number[] {
  const { start, end, columns, memberOfColumn } = args;
  const span = args.span ?? NEIGHBOUR_COLUMNS;
  const max = args.max ?? MAX_NEIGHBOUR_NODES;
  const found: number[] = [];
  const seen = new Set<number>();
  const take = (column: number) => {
    if (column < 0 || column >= columns || found.length >= max) return;
    const member = memberOfColumn(column);
    if (seen.has(member)) return;
    seen.add(member);
    found.push(member);
  };
  for (let c = Math.max(0, start); c < Math.min(end, columns); c++) take(c);
  for (let d = 1; d <= span && found.length < max; d++) {
    take(end - 1 + d);
    take(start - d);
  }
  return found;
}
