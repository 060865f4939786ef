// Glob patterns exactly as site-builder evaluates `headers` and `ignore` keys: the Rust `glob` crate
// 0.3.3, `Pattern::new(pattern)?.matches(path)` with the default `MatchOptions` (case-sensitive,
// `require_literal_separator: false`, `require_literal_leading_dot: false`; site-builder
// `util::is_pattern_match`). Those defaults are easy to get wrong, so, for the record:
//   - `*` matches any sequence of characters INCLUDING `/` (`/*.svg` matches `/a/b/c.svg`);
//   - `?` matches any one character, `/` included;
//   - `**` is only valid as a whole path component (`/a/**/b`, `/a/**`, `**/x`); it matches an
//     empty string or anything ending in `/`, and a trailing `/**` matches everything below;
//   - `[abc]`, `[a-z]`, `[!a-z]` are character classes (`!` negates, `]` first is a literal);
//   - everything else, `.` included, is literal; there is no escape character (use `[*]`).
// The matcher is a port of the crate's backtracking `matches_from`, memoized so a pattern with many
// `*` cannot take exponential time on a 2 KiB path.
import { GlobSyntaxError } from './errors.ts';

type CharSpecifier = { readonly from: number; readonly to: number };

type Token =
  | { readonly kind: 'char'; readonly char: number }
  | { readonly kind: 'any-char' }
  | { readonly kind: 'any-sequence' }
  | { readonly kind: 'any-recursive-sequence' }
  | { readonly kind: 'any-within'; readonly specifiers: readonly CharSpecifier[] }
  | { readonly kind: 'any-except'; readonly specifiers: readonly CharSpecifier[] };

/** A compiled glob pattern. */
export interface Glob {
  readonly pattern: string;
  matches(path: string): boolean;
}

const SLASH = 0x2f;
const STAR = 0x2a;

/** Compiles `pattern`; throws `GlobSyntaxError` where `glob::Pattern::new` returns an error. */
export function parseGlob(pattern: string): Glob {
  const tokens = tokenize(pattern);
  const sequences = tokens.filter((t) => t.kind === 'any-sequence' || t.kind === 'any-recursive-sequence');
  return {
    pattern,
    matches: (path: string) => matchTokens(tokens, codePoints(path), sequences.length > 1),
  };
}

/** Whether `path` matches `pattern` (compiles the pattern on every call; prefer `parseGlob`). */
export function globMatches(pattern: string, path: string): boolean {
  return parseGlob(pattern).matches(path);
}

/** The reason `pattern` is not a valid glob, or null when it is. */
export function globProblem(pattern: string): string | null {
  try {
    tokenize(pattern);
    return null;
  } catch (error) {
    if (error instanceof GlobSyntaxError) return `${error.reason} (at character ${error.position})`;
    throw error;
  }
}

/**
 * Number of `/`-separated segments, site-builder's "depth" (`path.split('/').count()`): when several
 * `headers` patterns match a resource, only the one with the greatest depth applies. `/*.svg` has
 * depth 2, `/assets/*` depth 3, `*` depth 1.
 */
export function patternDepth(pattern: string): number {
  return pattern.split('/').length;
}

/** Escapes `literal` so it matches only itself, as `glob::Pattern::escape` does (`?*[]` → `[?]` …). */
export function escapeGlob(literal: string): string {
  return literal.replace(/[?*[\]]/g, (c) => `[${c}]`);
}

// ---- Pattern::new -------------------------------------------------------------------------------

const ERROR_WILDCARDS = 'wildcards are either regular `*` or recursive `**`';
const ERROR_RECURSIVE_WILDCARDS = 'recursive wildcards must form a single path component';
const ERROR_INVALID_RANGE = 'invalid range pattern';

function tokenize(pattern: string): Token[] {
  const chars = codePoints(pattern);
  const tokens: Token[] = [];
  let i = 0;
  while (i < chars.length) {
    const c = chars[i]!;
    if (c === 0x3f /* ? */) {
      tokens.push({ kind: 'any-char' });
      i += 1;
    } else if (c === STAR) {
      const old = i;
      while (i < chars.length && chars[i] === STAR) i += 1;
      const count = i - old;
      if (count > 2) throw new GlobSyntaxError(pattern, old + 2, ERROR_WILDCARDS);
      if (count === 1) {
        tokens.push({ kind: 'any-sequence' });
        continue;
      }
      // `**` must start the pattern or follow a `/` ...
      if (old !== 0 && chars[old - 1] !== SLASH)
        throw new GlobSyntaxError(pattern, old - 1, ERROR_RECURSIVE_WILDCARDS);
      // ... and end it or be followed by a `/`, which it absorbs.
      if (i < chars.length && chars[i] === SLASH) i += 1;
      else if (i !== chars.length) throw new GlobSyntaxError(pattern, i, ERROR_RECURSIVE_WILDCARDS);
      // The crate collapses `**/**/` into one token, except right at the start (`tokens_len > 1`).
      const last = tokens.at(-1);
      if (!(tokens.length > 1 && last?.kind === 'any-recursive-sequence')) {
        tokens.push({ kind: 'any-recursive-sequence' });
      }
    } else if (c === 0x5b /* [ */) {
      const range = parseRange(chars, i);
      if (range === null) throw new GlobSyntaxError(pattern, i, ERROR_INVALID_RANGE);
      tokens.push(range.token);
      i = range.next;
    } else {
      tokens.push({ kind: 'char', char: c });
      i += 1;
    }
  }
  return tokens;
}

// `[!…]` needs at least one character before the closing `]` and `[…]` likewise, so `[]]` is the
// class of `]` and `[!]]` the class of everything but `]`.
function parseRange(chars: readonly number[], i: number): { token: Token; next: number } | null {
  const EXCLAMATION = 0x21;
  const CLOSE = 0x5d;
  if (i + 4 <= chars.length && chars[i + 1] === EXCLAMATION) {
    const j = chars.indexOf(CLOSE, i + 3);
    if (j === -1) return null;
    return { token: { kind: 'any-except', specifiers: parseSpecifiers(chars.slice(i + 2, j)) }, next: j + 1 };
  }
  if (i + 3 <= chars.length && chars[i + 1] !== EXCLAMATION) {
    const j = chars.indexOf(CLOSE, i + 2);
    if (j === -1) return null;
    return { token: { kind: 'any-within', specifiers: parseSpecifiers(chars.slice(i + 1, j)) }, next: j + 1 };
  }
  return null;
}

function parseSpecifiers(chars: readonly number[]): CharSpecifier[] {
  const specifiers: CharSpecifier[] = [];
  let i = 0;
  while (i < chars.length) {
    if (i + 3 <= chars.length && chars[i + 1] === 0x2d /* - */) {
      specifiers.push({ from: chars[i]!, to: chars[i + 2]! });
      i += 3;
    } else {
      specifiers.push({ from: chars[i]!, to: chars[i]! });
      i += 1;
    }
  }
  return specifiers;
}

// ---- Pattern::matches_from ----------------------------------------------------------------------

const MATCH = 0;
/** This alignment failed; a star further left may still try another split. */
const SUB_PATTERN_DOESNT_MATCH = 1;
/** The input ran out; shorter suffixes cannot match either, so every enclosing star gives up. */
const ENTIRE_PATTERN_DOESNT_MATCH = 2;
type MatchResult = typeof MATCH | typeof SUB_PATTERN_DOESNT_MATCH | typeof ENTIRE_PATTERN_DOESNT_MATCH;

function matchTokens(tokens: readonly Token[], path: readonly number[], memoize: boolean): boolean {
  // The result of a call depends only on (token index, position, follows-separator), so caching it
  // bounds the work by tokens × path length without changing any answer.
  const width = path.length + 1;
  const memo = memoize ? new Uint8Array((tokens.length + 1) * width * 2) : null;

  const matchFrom = (followsSeparator: boolean, start: number, first: number): MatchResult => {
    const slot = memo === null ? -1 : (first * width + start) * 2 + (followsSeparator ? 1 : 0);
    if (memo !== null && memo[slot] !== 0) return (memo[slot]! - 1) as MatchResult;
    const result = run(followsSeparator, start, first);
    if (memo !== null) memo[slot] = result + 1;
    return result;
  };

  const run = (followsSeparator: boolean, start: number, first: number): MatchResult => {
    let pos = start;
    for (let ti = first; ti < tokens.length; ti++) {
      const token = tokens[ti]!;
      if (token.kind === 'any-sequence' || token.kind === 'any-recursive-sequence') {
        const empty = matchFrom(followsSeparator, pos, ti + 1);
        if (empty !== SUB_PATTERN_DOESNT_MATCH) return empty;
        while (pos < path.length) {
          followsSeparator = path[pos] === SLASH;
          pos += 1;
          // `**` may only stop right after a separator.
          if (token.kind === 'any-recursive-sequence' && !followsSeparator) continue;
          const rest = matchFrom(followsSeparator, pos, ti + 1);
          if (rest !== SUB_PATTERN_DOESNT_MATCH) return rest;
        }
        // The crate falls through to the remaining tokens with the input exhausted, which is how a
        // trailing `**` swallows a last segment that has no `/` after it.
        continue;
      }
      if (pos >= path.length) return ENTIRE_PATTERN_DOESNT_MATCH;
      const c = path[pos]!;
      pos += 1;
      if (!tokenAccepts(token, c)) return SUB_PATTERN_DOESNT_MATCH;
      followsSeparator = c === SLASH;
    }
    return pos >= path.length ? MATCH : SUB_PATTERN_DOESNT_MATCH;
  };

  return matchFrom(true, 0, 0) === MATCH;
}

function tokenAccepts(token: Token, c: number): boolean {
  switch (token.kind) {
    case 'char':
      return token.char === c;
    case 'any-char':
      return true;
    case 'any-within':
      return inSpecifiers(token.specifiers, c);
    case 'any-except':
      return !inSpecifiers(token.specifiers, c);
    default:
      return false;
  }
}

function inSpecifiers(specifiers: readonly CharSpecifier[], c: number): boolean {
  return specifiers.some((s) => c >= s.from && c <= s.to);
}

// The crate works on Rust `char`s (Unicode scalar values), so `?` must consume a whole emoji, not
// half of a UTF-16 surrogate pair.
function codePoints(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) out.push(ch.codePointAt(0)!);
  return out;
}
