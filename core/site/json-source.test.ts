import { describe, expect, it } from 'vitest';
import { SiteConfigError } from './errors.ts';
import { parseJsonSource, printJson } from './json-source.ts';

function syntaxError(text: string): SiteConfigError {
  try {
    parseJsonSource(text, 'f.json');
  } catch (error) {
    expect(error).toBeInstanceOf(SiteConfigError);
    return error as SiteConfigError;
  }
  return expect.unreachable(`expected ${JSON.stringify(text)} to be rejected`);
}

describe('parseJsonSource', () => {
  it('parses every JSON value kind with positions', () => {
    const node = parseJsonSource(
      '{\n  "a": [1, -2.5e3, true, false, null],\n  "b": "x\\u00e9\\n"\n}',
      'f.json',
    );
    expect(node.kind).toBe('object');
    if (node.kind !== 'object') return;
    expect(node.entries.map((e) => [e.key, e.line, e.column])).toEqual([
      ['a', 2, 3],
      ['b', 3, 3],
    ]);
    const [a, b] = node.entries;
    expect(a!.value.kind === 'array' && a!.value.items.map((i) => i.kind)).toEqual([
      'number',
      'number',
      'boolean',
      'boolean',
      'null',
    ]);
    expect(b!.value.kind === 'string' && b!.value.value).toBe('xé\n');
  });

  it('agrees with JSON.parse on valid documents', () => {
    const samples = [
      '[]',
      '{}',
      '"\\ud83d\\ude00"',
      '0',
      '-0.5',
      '1E+2',
      '[{"a":{"b":[1,[2,{}]]}}]',
      ' \t\r\n"s" ',
    ];
    for (const text of samples) {
      const node = parseJsonSource(text, 'f.json');
      expect(JSON.parse(printJson(node)), text).toEqual(JSON.parse(text));
    }
  });

  it('reports syntax errors with line and column', () => {
    const error = syntaxError('{\n  "a": 1,\n  "b": 2,\n}');
    expect(error.line).toBe(4);
    expect(error.column).toBe(1);
    expect(error.message).toBe('f.json:4:1: invalid JSON: trailing comma before }');
  });

  it('rejects what serde_json rejects', () => {
    expect(syntaxError('{"a": 1} x').reason).toMatch(/unexpected 'x' after the JSON value/);
    expect(syntaxError("{'a': 1}").reason).toMatch(/expected a key in double quotes/);
    expect(syntaxError('{"a" 1}').reason).toMatch(/expected ':'/);
    expect(syntaxError('{"a": 01}').reason).toMatch(/expected ',' or '}'/);
    expect(syntaxError('[1,]').reason).toMatch(/trailing comma/);
    expect(syntaxError('// c\n{}').reason).toMatch(/expected a value/);
    expect(syntaxError('"a\tb"').reason).toMatch(/control character/);
    expect(syntaxError('"\\x"').reason).toMatch(/invalid escape/);
    expect(syntaxError('"\\ud800"').reason).toMatch(/unpaired UTF-16 surrogate/);
    expect(syntaxError('"abc').reason).toMatch(/unterminated string/);
    expect(syntaxError('').reason).toMatch(/expected a value, found end of file/);
    expect(syntaxError('NaN').reason).toMatch(/expected a value/);
  });

  it('rejects duplicate keys, naming both lines and the JSON path', () => {
    const error = syntaxError('{\n  "headers": {\n    "/a": {},\n    "/a": {}\n  }\n}');
    expect(error.line).toBe(4);
    expect(error.key).toBe('headers./a');
    expect(error.reason).toBe('duplicate key "/a" (first written on line 3)');
  });

  it('counts lines across CRLF and ignores a BOM', () => {
    const error = syntaxError('\uFEFF{\r\n"a": 1,\r\n"b" 2}');
    expect(error.line).toBe(3);
    expect(parseJsonSource('\uFEFF{}', 'f.json').kind).toBe('object');
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    expect(syntaxError('['.repeat(100_000)).reason).toMatch(/nesting deeper than 64 levels/);
  });
});

describe('printJson', () => {
  it('prints like JSON.stringify(_, null, 2) plus a newline, keeping order and number spelling', () => {
    const text = '{"z": 1, "10": [], "a": {"x": 1e3, "y": []}, "s": "é\\"", "e": {}}';
    const printed = printJson(parseJsonSource(text, 'f.json'));
    expect(printed).toBe(
      '{\n  "z": 1,\n  "10": [],\n  "a": {\n    "x": 1e3,\n    "y": []\n  },\n  "s": "é\\"",\n  "e": {}\n}\n',
    );
  });
});
