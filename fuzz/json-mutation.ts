// Mutation of JSON request bodies (the admin API, JSON-RPC): mostly structural changes to the
// parsed document, so the result stays JSON and reaches the handlers (values swapped for ones of
// other types, huge numbers, long arrays, keys removed or added, base64 payloads mutated as bytes),
// sometimes text damage for the JSON parser, sometimes nesting far deeper than any handler expects.
import { mutateBytes, mutateText, type MutateContext, type Rng } from './engine.ts';

const INTERESTING_VALUES: readonly unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1,
  1.5,
  -0.5,
  2 ** 31,
  2 ** 32,
  2 ** 53,
  2 ** 53 + 2,
  2 ** 64,
  1e308,
  -1e308,
  '',
  '0',
  '-1',
  '1.5',
  '18446744073709551615',
  '18446744073709551616',
  '340282366920938463463374607431768211456',
  'true',
  'null',
  '0x',
  '0x0',
  '0x2',
  '0xzz',
  `0x${'f'.repeat(64)}`,
  `0x${'0'.repeat(65)}`,
  '__proto__',
  'constructor',
  '\u0000',
  '\ud800',
  'a'.repeat(1000),
  [],
  {},
  [null],
  JSON.parse('{"__proto__": {"x": 1}}') as unknown,
  { toString: 1, valueOf: 'x' },
];

const BASE64 = /^[A-Za-z0-9+/]{8,}={0,2}$/;

/** One structural mutation somewhere in `value` (a parsed JSON document); returns the new document. */
export function mutateJsonValue(value: unknown, rng: Rng, donors: readonly unknown[]): unknown {
  const depth = rng.size(6);
  return mutateAt(value, rng, donors, depth);
}

function mutateAt(value: unknown, rng: Rng, donors: readonly unknown[], depth: number): unknown {
  if (depth > 0 && Array.isArray(value) && value.length > 0) {
    const out = [...value];
    const i = rng.below(out.length);
    out[i] = mutateAt(out[i], rng, donors, depth - 1);
    return out;
  }
  if (depth > 0 && isObject(value) && Object.keys(value).length > 0) {
    const key = rng.pick(Object.keys(value));
    return { ...value, [key]: mutateAt(value[key], rng, donors, depth - 1) };
  }
  return mutateHere(value, rng, donors);
}

function mutateHere(value: unknown, rng: Rng, donors: readonly unknown[]): unknown {
  switch (rng.below(12)) {
    case 0:
    case 1:
      return rng.pick(INTERESTING_VALUES);
    case 2:
      return pickSubvalue(rng.pick(donors), rng);
    case 3:
      // A string's content (base64 bytes decoded and mutated, else the text).
      if (typeof value === 'string') {
        if (BASE64.test(value) && rng.chance(0.7)) {
          return Buffer.from(mutateBytes(Buffer.from(value, 'base64'), rng)).toString('base64');
        }
        return mutateText(value, rng, { maxLength: 5000 });
      }
      return typeof value === 'number' ? String(value) : (stringifyOrNull(value ?? null) ?? '');
    case 4:
      // Types swapped: numbers as strings and back, scalars in arrays.
      if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
        return Number(value);
      if (typeof value === 'number') return String(value);
      return [value];
    case 5:
      if (Array.isArray(value)) {
        const out = [...value];
        if (out.length > 0 && rng.chance(0.5)) out.splice(rng.below(out.length), 1);
        else out.splice(rng.below(out.length + 1), 0, out.length > 0 ? rng.pick(out) : null);
        return out;
      }
      if (isObject(value)) {
        const out = { ...value };
        const keys = Object.keys(out);
        if (keys.length > 0 && rng.chance(0.6)) delete out[rng.pick(keys)];
        else
          out[rng.pick(['extra', '__proto__', 'constructor', 'id', 'params', ''])] =
            rng.pick(INTERESTING_VALUES);
        return out;
      }
      return value;
    case 6: {
      // Many copies: long arrays (batches, ID lists), within about 200 KB of JSON.
      const size = (stringifyOrNull(value) ?? '').length + 1;
      const copies = Math.min(rng.pick([2, 3, 50, 51, 100, 1000]), Math.max(1, Math.floor(200_000 / size)));
      return Array.from({ length: copies }, () => value);
    }
    case 7:
      return Array.isArray(value) && value.length > 0 ? value[0] : { value };
    case 8:
      if (typeof value === 'number') return rng.pick([value + 1, value - 1, -value, value * 1e6, value / 3]);
      return value;
    default:
      return pickSubvalue(value, rng);
  }
}

function pickSubvalue(value: unknown, rng: Rng): unknown {
  let current = value;
  for (let steps = rng.size(4); steps > 0; steps--) {
    if (Array.isArray(current) && current.length > 0) current = rng.pick(current);
    else if (isObject(current) && Object.keys(current).length > 0)
      current = current[rng.pick(Object.keys(current))];
    else break;
  }
  return current;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A mutated JSON text: mostly structural mutations of the parsed document (so it stays JSON and
 * reaches the handlers), sometimes text mutations (so the JSON parser and framing are hit too),
 * sometimes very deep nesting.
 */
export function mutateJsonText(
  text: string,
  context: MutateContext<string>,
  options: { readonly tokens?: readonly string[]; readonly maxLength?: number } = {},
): string {
  const { rng, seeds } = context;
  let out = text;
  let parsed: unknown;
  let isJson = true;
  try {
    parsed = JSON.parse(text);
  } catch {
    isJson = false;
  }
  if (isJson && rng.chance(0.75)) {
    const donors = seeds.flatMap((s) => {
      try {
        return [JSON.parse(s) as unknown];
      } catch {
        return [];
      }
    });
    for (let k = 1 + rng.size(3); k > 0; k--) parsed = mutateJsonValue(parsed, rng, donors);
    // A document already nested too deep for JSON.stringify is mutated as text instead.
    out = stringifyOrNull(parsed) ?? mutateText(out, rng, { donors: seeds, ...options });
    if (rng.chance(0.1)) out = mutateText(out, rng, { donors: seeds, ...options });
  } else {
    out = mutateText(out, rng, { donors: seeds, ...options });
  }
  if (isJson && rng.chance(0.04)) {
    // Deep nesting in place of one value, spliced in as text: JSON.stringify would overflow.
    const depth = rng.pick([100, 1000, 10_000, 100_000]);
    const document = JSON.parse(text) as unknown;
    // Plain arrays or objects, or the document's own keys (`{"MatchAll":[…]}`), which recursive
    // handlers follow.
    const keys = keysOf(document);
    const key = JSON.stringify(keys.length > 0 && rng.chance(0.6) ? rng.pick(keys) : 'a');
    const [open, close] = rng.pick([
      ['[', ']'],
      [`{${key}:`, '}'],
      [`{${key}:[`, ']}'],
    ] as const);
    const placed = stringifyOrNull(placeAt(document, rng, rng.size(6), DEEP));
    if (placed !== null)
      out = placed.replace(JSON.stringify(DEEP), `${open.repeat(depth)}1${close.repeat(depth)}`);
  }
  return out;
}

/** The object keys of a document (iteratively: it may be nested far too deep for recursion). */
function keysOf(document: unknown): string[] {
  const out: string[] = [];
  const stack = [document];
  for (let visited = 0; stack.length > 0 && visited < 10_000; visited++) {
    const value = stack.pop();
    if (Array.isArray(value)) stack.push(...value.slice(0, 100));
    else if (isObject(value)) {
      for (const [key, item] of Object.entries(value).slice(0, 100)) {
        out.push(key);
        stack.push(item);
      }
    }
  }
  return out;
}

function stringifyOrNull(value: unknown): string | null {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch {
    return null;
  }
}

const DEEP = '\u0000deep\u0000';

function placeAt(value: unknown, rng: Rng, depth: number, replacement: unknown): unknown {
  if (depth > 0 && Array.isArray(value) && value.length > 0) {
    const out = [...value];
    const i = rng.below(out.length);
    out[i] = placeAt(out[i], rng, depth - 1, replacement);
    return out;
  }
  if (depth > 0 && isObject(value) && Object.keys(value).length > 0) {
    const key = rng.pick(Object.keys(value));
    return { ...value, [key]: placeAt(value[key], rng, depth - 1, replacement) };
  }
  return replacement;
}
