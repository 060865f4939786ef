// "Did you mean" hints for misspelled keys. site-builder's own error only hints at `site-name`
// versus `site_name`; comparing without case, `-` and `_` catches that family (`siteName`,
// `Site-Name`), and a small edit distance catches plain typos (`header`, `redirect`, `ignored`).

/** The candidate `key` most plausibly meant, or null when none is close. */
export function closestKey(key: string, candidates: readonly string[]): string | null {
  const wanted = fold(key);
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, fold(candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  // Up to a third of the key may differ: `statuscode` → `status_code`, but not `foo` → `link`.
  return bestDistance <= Math.max(1, Math.floor(wanted.length / 3)) ? best : null;
}

function fold(key: string): string {
  return key.toLowerCase().replace(/[-_\s]/g, '');
}

/** Levenshtein distance (insertions, deletions, substitutions). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}
