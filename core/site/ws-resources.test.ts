import { describe, expect, it } from 'vitest';
import { SiteConfigError } from './errors.ts';
import { parseWsResources, updateWsResources } from './ws-resources.ts';

const ID = '0x5ac988828a0c9842d91e6d5bdd9552ec9fcdddf11c56bf82dff6d5566685a31e';

// Same shape as walrus-sites' examples/snake/ws-resources.json, which uses every field.
const FULL = `{
  "headers": {
    "/index.html": {
      "Cache-Control": "max-age=3500",
      "Content-Type": "text/html; charset=utf-8"
    },
    "/*.svg": {
      "Cache-Control": "public, max-age=86400",
      "ETag": "\\"abc123\\""
    }
  },
  "routes": {
    "/path/*": "/file.svg",
    "/*": "/index.html"
  },
  "redirects": {
    "/old-game": { "location": "/index.html", "status_code": 308 },
    "/walrus-docs": { "location": "https://docs.wal.app", "status_code": 301 },
    "/redirects/**/*": { "location": "/walrus.svg", "status_code": 302 }
  },
  "metadata": {
    "link": "https://docs.wal.app",
    "image_url": "https://www.walrus.xyz/walrus-site",
    "description": "This is a walrus site.",
    "project_url": "https://github.com/MystenLabs/walrus-sites/",
    "creator": "MystenLabs"
  },
  "site_name": "Walrus Snake Game",
  "object_id": "0x5AC988828A0C9842D91E6D5BDD9552EC9FCDDDF11C56BF82DFF6D5566685A31E",
  "ignore": ["/private", "/private/*", "/secret.txt"]
}
`;

function configError(text: string): SiteConfigError {
  try {
    parseWsResources(text);
  } catch (error) {
    expect(error).toBeInstanceOf(SiteConfigError);
    return error as SiteConfigError;
  }
  return expect.unreachable('expected a SiteConfigError');
}

/** The 1-based line of the first occurrence of `needle` in `text`. */
function lineOf(text: string, needle: string): number {
  return text.slice(0, text.indexOf(needle)).split('\n').length;
}

describe('parseWsResources', () => {
  it('reads every field', () => {
    const config = parseWsResources(FULL);
    expect(config.headers).toEqual([
      { pattern: '/*.svg', headers: { 'Cache-Control': 'public, max-age=86400', ETag: '"abc123"' } },
      {
        pattern: '/index.html',
        headers: { 'Cache-Control': 'max-age=3500', 'Content-Type': 'text/html; charset=utf-8' },
      },
    ]);
    expect(config.routes).toEqual([
      ['/path/*', '/file.svg'],
      ['/*', '/index.html'],
    ]);
    expect(config.redirects).toEqual([
      ['/old-game', { location: '/index.html', statusCode: 308 }],
      ['/walrus-docs', { location: 'https://docs.wal.app', statusCode: 301 }],
      ['/redirects/**/*', { location: '/walrus.svg', statusCode: 302 }],
    ]);
    expect(config.metadata).toEqual({
      link: 'https://docs.wal.app',
      imageUrl: 'https://www.walrus.xyz/walrus-site',
      description: 'This is a walrus site.',
      projectUrl: 'https://github.com/MystenLabs/walrus-sites/',
      creator: 'MystenLabs',
    });
    expect(config.siteName).toBe('Walrus Snake Game');
    expect(config.objectId).toBe(ID);
    expect(config.ignore).toEqual(['/private', '/private/*', '/secret.txt']);
  });

  it('keeps routes and redirects in file order and sorts header rules like site-builder', () => {
    const config = parseWsResources(`{
      "headers": { "/z/*": {}, "/a/*": {}, "/é": {}, "/\u{1F600}": {}, "/\uFF01": {} },
      "routes": { "/z/*": "/z.html", "/a/*": "/a.html" },
      "redirects": { "/z": { "location": "/1", "status_code": 301 }, "/a": { "location": "/2", "status_code": 301 } }
    }`);
    // Code-point order, as Rust sorts String keys: U+FF01 before U+1F600 (UTF-16 order would flip them).
    expect(config.headers.map((r) => r.pattern)).toEqual(['/a/*', '/z/*', '/é', '/\uFF01', '/\u{1F600}']);
    expect(config.routes.map(([p]) => p)).toEqual(['/z/*', '/a/*']);
    expect(config.redirects.map(([p]) => p)).toEqual(['/z', '/a']);
  });

  it('accepts an empty object and null fields as absent', () => {
    const empty = {
      headers: [],
      routes: [],
      redirects: [],
      metadata: null,
      siteName: null,
      objectId: null,
      ignore: [],
    };
    expect(parseWsResources('{}')).toEqual(empty);
    expect(
      parseWsResources(
        '{"headers": null, "routes": null, "redirects": null, "metadata": null, "site_name": null, "object_id": null, "ignore": null}',
      ),
    ).toEqual(empty);
    expect(parseWsResources('{"metadata": {"link": null}}').metadata).toEqual({
      link: null,
      imageUrl: null,
      description: null,
      projectUrl: null,
      creator: null,
    });
  });

  it('reports JSON syntax errors with their line', () => {
    const error = configError('{\n  "site_name": "x",\n  "ignore": ["/a",]\n}');
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/^ws-resources\.json:3:19: invalid JSON: trailing comma before \]$/);
  });

  it('uses the file name it is given', () => {
    expect(() => parseWsResources('{"nope": 1}', 'site/ws-resources.json')).toThrow(
      /^site\/ws-resources\.json:1, key `nope`: unknown key "nope"/,
    );
  });

  it('rejects unknown keys and suggests the closest known one', () => {
    const text = '{\n  "headers": {},\n  "site-name": "My site"\n}';
    const error = configError(text);
    expect(error.line).toBe(3);
    expect(error.key).toBe('site-name');
    expect(error.message).toBe(
      'ws-resources.json:3, key `site-name`: unknown key "site-name", did you mean `site_name`?',
    );
    expect(configError('{"siteName": "x"}').reason).toMatch(/did you mean `site_name`/);
    expect(configError('{"objectId": "0x1"}').reason).toMatch(/did you mean `object_id`/);
    expect(configError('{"header": {}}').reason).toMatch(/did you mean `headers`/);
    expect(configError('{"redirect": {}}').reason).toMatch(/did you mean `redirects`/);
    expect(configError('{"ignored": []}').reason).toMatch(/did you mean `ignore`/);
    expect(configError('{"banana": 1}').reason).toMatch(
      /known keys are headers, routes, redirects, metadata, site_name, object_id, ignore/,
    );
  });

  it('rejects unknown metadata and redirect fields, which site-builder would silently ignore', () => {
    const metadata = configError('{"metadata": {\n"imageUrl": "x"}}');
    expect(metadata.key).toBe('metadata.imageUrl');
    expect(metadata.line).toBe(2);
    expect(metadata.reason).toMatch(/did you mean `image_url`/);
    const redirect = configError('{"redirects": {"/a": {"location": "/b", "statusCode": 301}}}');
    expect(redirect.key).toBe('redirects./a');
    expect(redirect.reason).toMatch(/did you mean `status_code`/);
  });

  it('checks redirect status codes against what the chain accepts', () => {
    const text =
      '{\n  "redirects": {\n    "/old": {\n      "location": "/new",\n      "status_code": 305\n    }\n  }\n}';
    const error = configError(text);
    expect(error.message).toBe(
      'ws-resources.json:5, key `redirects./old`: status_code 305 is not one of 301, 302, 303, 307, 308',
    );
    expect(configError('{"redirects": {"/a": {"location": "/b", "status_code": "301"}}}').reason).toBe(
      'status_code must be a number, found the string "301"',
    );
    expect(configError('{"redirects": {"/a": {"location": "/b", "status_code": 301.0}}}').reason).toMatch(
      /status_code 301\.0 is not one of/,
    );
    for (const status of [301, 302, 303, 307, 308]) {
      const config = parseWsResources(`{"redirects": {"/a": {"location": "/b", "status_code": ${status}}}}`);
      expect(config.redirects[0]![1].statusCode).toBe(status);
    }
  });

  it('requires location and status_code and rejects a redirect to itself', () => {
    expect(configError('{"redirects": {"/a": {"status_code": 301}}}').reason).toBe('missing `location`');
    expect(configError('{"redirects": {"/a": {"location": "/b"}}}').reason).toBe('missing `status_code`');
    expect(configError('{"redirects": {"/a": {"location": "", "status_code": 301}}}').reason).toBe(
      'location is empty',
    );
    expect(configError('{"redirects": {"/a": {"location": "/a", "status_code": 301}}}').reason).toBe(
      'redirects /a to itself',
    );
    expect(
      configError('{"redirects": {"/a": {"location": "/b\\r\\nX: y", "status_code": 301}}}').reason,
    ).toMatch(/location contains the control character U\+000D/);
  });

  it('rejects redirect patterns the portal would skip', () => {
    expect(configError('{"redirects": {"/a/*b*": {"location": "/b", "status_code": 301}}}').reason).toMatch(
      /redirect pattern segment "\*b\*" may use at most one `\*`/,
    );
    expect(configError('{"redirects": {"/**/x/**": {"location": "/b", "status_code": 301}}}').reason).toMatch(
      /at most one `\*\*`/,
    );
    expect(configError('{"redirects": {"old": {"location": "/b", "status_code": 301}}}').reason).toBe(
      'redirect pattern must start with `/`',
    );
  });

  it('checks routes: pattern syntax and a resource-path target', () => {
    const text = '{\n  "routes": {\n    "/app/*": "app.html"\n  }\n}';
    const error = configError(text);
    expect(error.message).toBe(
      'ws-resources.json:3, key `routes./app/*`: route target "app.html" must start with /',
    );
    expect(configError('{"routes": {"/a": 5}}').reason).toBe(
      'the route target must be a resource path string, found the number 5',
    );
    expect(configError('{"routes": {"/a": "/b/../c"}}').reason).toBe('route target contains a `..` segment');
    expect(configError('{"routes": {"/a(b)": "/c"}}').reason).toBe(
      'route pattern `(` is not allowed in a route pattern',
    );
    expect(configError('{"routes": {"/*/*/*": "/c"}}').reason).toMatch(/at most 2 `\*`, this one has 3/);
    expect(configError('{"routes": {"/a*b*": "/c"}}').reason).toMatch(/may use at most one `\*`/);
    expect(parseWsResources('{"routes": {"*": "/index.html"}}').routes).toEqual([['*', '/index.html']]);
  });

  it('checks header rules: glob syntax, names, values and case-insensitive duplicates', () => {
    const text = '{\n  "headers": {\n    "/a**": { "X": "1" }\n  }\n}';
    const error = configError(text);
    expect(error.line).toBe(3);
    expect(error.key).toBe('headers./a**');
    expect(error.reason).toMatch(
      /pattern is not a valid glob: recursive wildcards must form a single path component/,
    );
    expect(configError('{"headers": {"/a": {"Bad Name": "1"}}}').reason).toMatch(/is not an HTTP token/);
    expect(configError('{"headers": {"/a": {"X-Num": 1}}}').reason).toBe(
      'the value of X-Num must be a string, found the number 1',
    );
    expect(configError('{"headers": {"/a": {"X": "line\\nbreak"}}}').reason).toMatch(
      /control character U\+000A/,
    );
    expect(configError('{"headers": {"/a": {"X": "\u{1F600}"}}}').reason).toMatch(/Latin-1/);
    expect(configError('{"headers": {"/a": {"Cache-Control": "a", "cache-control": "b"}}}').reason).toBe(
      'headers Cache-Control and cache-control are the same header (names are case-insensitive)',
    );
    expect(configError('{"headers": {"/a": {"X-Wal-Quilt-Patch-Internal-Id": "0x01"}}}').reason).toMatch(
      /reserved/,
    );
    expect(configError('{"headers": {"/a": []}}').reason).toBe('must be an object, found an array');
  });

  it('points at the offending line inside nested values', () => {
    const text = FULL.replace('"ETag": "\\"abc123\\""', '"ETag": 42');
    const error = configError(text);
    expect(error.line).toBe(lineOf(text, '"ETag"'));
    expect(error.key).toBe('headers./*.svg');
  });

  it('validates and normalizes object_id', () => {
    expect(parseWsResources('{"object_id": "0x2"}').objectId).toBe(`0x${'0'.repeat(63)}2`);
    const error = configError('{\n"object_id": "0x12345z"}');
    expect(error.line).toBe(2);
    expect(error.key).toBe('object_id');
    expect(error.reason).toMatch(/"0x12345z" is not a Sui object ID/);
    expect(configError('{"object_id": 12}').reason).toBe('must be a string, found the number 12');
  });

  it('checks metadata, site_name and ignore types', () => {
    expect(configError('{"metadata": {"link": 1}}').key).toBe('metadata.link');
    expect(configError('{"metadata": "x"}').reason).toBe('must be an object, found the string "x"');
    expect(configError('{"site_name": ["x"]}').reason).toBe('must be a string, found an array');
    expect(configError('{"ignore": "/a"}').reason).toBe(
      'must be an array of glob patterns, found the string "/a"',
    );
    const ignore = configError('{"ignore": ["/ok", 3]}');
    expect(ignore.key).toBe('ignore[1]');
    expect(configError('{"ignore": ["/[x"]}').reason).toMatch(/invalid range pattern/);
  });

  it('rejects a document that is not an object and duplicate keys', () => {
    expect(configError('[]').reason).toBe('must contain a JSON object, found an array');
    const duplicate = configError('{\n"site_name": "a",\n"site_name": "b"\n}');
    expect(duplicate.line).toBe(3);
    expect(duplicate.reason).toBe('duplicate key "site_name" (first written on line 2)');
  });
});

describe('updateWsResources', () => {
  it('writes object_id and site_name into a new file', () => {
    expect(updateWsResources(null, { objectId: ID, siteName: 'My Site' })).toBe(
      `{\n  "site_name": "My Site",\n  "object_id": "${ID}"\n}\n`,
    );
    expect(updateWsResources(null, { objectId: '0x2', siteName: null })).toBe(
      `{\n  "object_id": "0x${'0'.repeat(63)}2"\n}\n`,
    );
  });

  it('preserves every other key, its order and its value', () => {
    const updated = updateWsResources(FULL, { objectId: `0x${'a'.repeat(64)}`, siteName: 'Renamed' });
    const before = JSON.parse(FULL) as Record<string, unknown>;
    const after = JSON.parse(updated) as Record<string, unknown>;
    expect(Object.keys(after)).toEqual(Object.keys(before));
    expect({ ...after, site_name: before.site_name, object_id: before.object_id }).toEqual(before);
    expect(after.site_name).toBe('Renamed');
    expect(after.object_id).toBe(`0x${'a'.repeat(64)}`);
    expect(updated.endsWith('}\n')).toBe(true);
    expect(updated).toContain(
      '\n  "headers": {\n    "/index.html": {\n      "Cache-Control": "max-age=3500",',
    );
  });

  it('appends missing keys at the end and leaves site_name alone when given null', () => {
    const text = '{"ignore": ["/a"], "site_name": "Keep"}';
    expect(updateWsResources(text, { objectId: ID, siteName: null })).toBe(
      `{\n  "ignore": [\n    "/a"\n  ],\n  "site_name": "Keep",\n  "object_id": "${ID}"\n}\n`,
    );
    expect(updateWsResources('{"routes": {"/*": "/index.html"}}', { objectId: ID, siteName: 'N' })).toBe(
      `{\n  "routes": {\n    "/*": "/index.html"\n  },\n  "site_name": "N",\n  "object_id": "${ID}"\n}\n`,
    );
  });

  it('round-trips through parseWsResources', () => {
    const updated = updateWsResources(FULL, { objectId: ID, siteName: null });
    expect(parseWsResources(updated)).toEqual(parseWsResources(FULL));
  });

  it('refuses to rewrite an invalid file or write an invalid ID', () => {
    expect(() => updateWsResources('{"site-name": "x"}', { objectId: ID, siteName: null })).toThrow(
      SiteConfigError,
    );
    expect(() => updateWsResources('{', { objectId: ID, siteName: null })).toThrow(/invalid JSON/);
    expect(() => updateWsResources(null, { objectId: 'nope', siteName: null })).toThrow(
      'ws-resources.json, key `object_id`: "nope" is not a Sui object ID',
    );
  });
});
