// A strict JSON (RFC 8259) parser that remembers where every value and key was written. We need our
// own because `JSON.parse` gives no positions for keys, reports syntax errors differently in every
// engine, silently keeps the last of two duplicate keys, and reorders integer-like keys; the config
// errors must name the line, and the write-back must keep the user's key order.
import { SiteConfigError } from './errors.ts';
import { codePointName, isWellFormed } from './text.ts';

interface Position {
  /** 1-based. */
  readonly line: number;
  /** 1-based, counted in UTF-16 code units like most editors' column display. */
  readonly column: number;
}

type JsonValue =
  | { readonly kind: 'object'; readonly entries: readonly JsonEntry[] }
  | { readonly kind: 'array'; readonly items: readonly JsonNode[] }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number; readonly raw: string }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'null' };

export type JsonNode = Position & JsonValue;

export interface JsonEntry extends Position {
  readonly key: string;
  readonly value: JsonNode;
}

// ws-resources.json is four levels deep; anything near this limit is hostile or broken, and the
// recursive descent must not overflow the stack on `[[[[…`.
const MAX_DEPTH = 64;

/** Parses `text` (a leading BOM is ignored); syntax errors and duplicate keys throw `SiteConfigError`. */
export function parseJsonSource(text: string, file: string): JsonNode {
  return new Parser(text, file).parseDocument();
}

class Parser {
  private readonly text: string;
  private readonly file: string;
  private pos = 0;
  private readonly lineStarts: number[] = [0];

  constructor(text: string, file: string) {
    this.text = text;
    this.file = file;
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1;
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  parseDocument(): JsonNode {
    this.skipWhitespace();
    const value = this.parseValue(0, []);
    this.skipWhitespace();
    if (this.pos < this.text.length) this.fail(`unexpected ${this.describeHere()} after the JSON value`);
    return value;
  }

  private parseValue(depth: number, path: readonly string[]): JsonNode {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH} levels`);
    const at = this.position(this.pos);
    const c = this.text[this.pos];
    if (c === '{') return this.parseObject(depth, path, at);
    if (c === '[') return this.parseArray(depth, path, at);
    if (c === '"') return { kind: 'string', value: this.parseString(), ...at };
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.parseNumber(at);
    for (const [word, node] of LITERALS) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return { ...node, ...at };
      }
    }
    return this.fail(`expected a value, found ${this.describeHere()}`);
  }

  private parseObject(depth: number, path: readonly string[], at: Position): JsonNode {
    this.pos += 1;
    const entries: JsonEntry[] = [];
    const seen = new Map<string, number>();
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos += 1;
      return { kind: 'object', entries, ...at };
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"')
        this.fail(`expected a key in double quotes, found ${this.describeHere()}`);
      const keyAt = this.position(this.pos);
      const key = this.parseString();
      const first = seen.get(key);
      if (first !== undefined) {
        throw new SiteConfigError(`duplicate key ${JSON.stringify(key)} (first written on line ${first})`, {
          file: this.file,
          line: keyAt.line,
          column: keyAt.column,
          key: [...path, key].join('.'),
        });
      }
      seen.set(key, keyAt.line);
      this.skipWhitespace();
      this.expect(':', `expected ':' after key ${JSON.stringify(key)}`);
      this.skipWhitespace();
      const value = this.parseValue(depth + 1, [...path, key]);
      entries.push({ key, value, ...keyAt });
      this.skipWhitespace();
      if (this.text[this.pos] === ',') {
        this.pos += 1;
        this.skipWhitespace();
        if (this.text[this.pos] === '}') this.fail('trailing comma before }');
        continue;
      }
      this.expect('}', `expected ',' or '}' after the value of ${JSON.stringify(key)}`);
      return { kind: 'object', entries, ...at };
    }
  }

  private parseArray(depth: number, path: readonly string[], at: Position): JsonNode {
    this.pos += 1;
    const items: JsonNode[] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos += 1;
      return { kind: 'array', items, ...at };
    }
    for (;;) {
      this.skipWhitespace();
      items.push(this.parseValue(depth + 1, [...path, `[${items.length}]`]));
      this.skipWhitespace();
      if (this.text[this.pos] === ',') {
        this.pos += 1;
        this.skipWhitespace();
        if (this.text[this.pos] === ']') this.fail('trailing comma before ]');
        continue;
      }
      this.expect(']', "expected ',' or ']' in array");
      return { kind: 'array', items, ...at };
    }
  }

  private parseString(): string {
    const start = this.pos;
    this.pos += 1; // opening quote
    let out = '';
    for (;;) {
      if (this.pos >= this.text.length) this.fail('unterminated string', start);
      const code = this.text.charCodeAt(this.pos);
      if (code === 0x22) {
        this.pos += 1;
        break;
      }
      if (code < 0x20) this.fail('control character in string (escape it, e.g. \\n)');
      if (code !== 0x5c) {
        out += this.text[this.pos];
        this.pos += 1;
        continue;
      }
      const escape = this.text[this.pos + 1];
      const simple = escape === undefined ? undefined : SIMPLE_ESCAPES[escape];
      if (simple !== undefined) {
        out += simple;
        this.pos += 2;
      } else if (escape === 'u') {
        const hex = this.text.slice(this.pos + 2, this.pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('invalid \\u escape (expected 4 hex digits)');
        out += String.fromCharCode(parseInt(hex, 16));
        this.pos += 6;
      } else {
        this.fail(`invalid escape \\${escape ?? ''}`);
      }
    }
    // Rust's serde_json rejects lone surrogates, and they cannot be encoded as UTF-8 on chain.
    if (!isWellFormed(out)) this.fail('string contains an unpaired UTF-16 surrogate', start);
    return out;
  }

  private parseNumber(at: Position): JsonNode {
    const match = NUMBER.exec(this.text.slice(this.pos, this.pos + 400));
    if (match === null) return this.fail(`invalid number starting with ${this.describeHere()}`);
    const raw = match[0];
    this.pos += raw.length;
    return { kind: 'number', value: Number(raw), raw, ...at };
  }

  private skipWhitespace(): void {
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return;
      this.pos += 1;
    }
  }

  private expect(char: string, message: string): void {
    if (this.text[this.pos] !== char) this.fail(`${message}, found ${this.describeHere()}`);
    this.pos += 1;
  }

  private describeHere(): string {
    if (this.pos >= this.text.length) return 'end of file';
    const code = this.text.codePointAt(this.pos)!;
    return code < 0x20 ? `character ${codePointName(code)}` : `'${String.fromCodePoint(code)}'`;
  }

  private position(offset: number): Position {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - this.lineStarts[low]! + 1 };
  }

  private fail(reason: string, offset = this.pos): never {
    const { line, column } = this.position(offset);
    throw new SiteConfigError(`invalid JSON: ${reason}`, { file: this.file, line, column });
  }
}

const NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/;

const LITERALS: readonly (readonly [string, JsonValue])[] = [
  ['true', { kind: 'boolean', value: true }],
  ['false', { kind: 'boolean', value: false }],
  ['null', { kind: 'null' }],
];

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/**
 * Serializes `node` the way `JSON.stringify(value, null, 2)` would, plus a trailing newline, but in
 * the node's own key order and with numbers written as they were (`1e3` stays `1e3`).
 */
export function printJson(node: JsonNode): string {
  return `${print(node, '')}\n`;
}

function print(node: JsonNode, indent: string): string {
  const inner = `${indent}  `;
  switch (node.kind) {
    case 'object':
      if (node.entries.length === 0) return '{}';
      return `{\n${node.entries.map((e) => `${inner}${JSON.stringify(e.key)}: ${print(e.value, inner)}`).join(',\n')}\n${indent}}`;
    case 'array':
      if (node.items.length === 0) return '[]';
      return `[\n${node.items.map((item) => `${inner}${print(item, inner)}`).join(',\n')}\n${indent}]`;
    case 'string':
      return JSON.stringify(node.value);
    case 'number':
      return node.raw;
    case 'boolean':
      return node.value ? 'true' : 'false';
    case 'null':
      return 'null';
  }
}
