import { describe, expect, it } from 'vitest';
import { emptySiteConfig } from './config.ts';
import { CONFIG_FILES, isConfigFile, isIgnored } from './ignore.ts';
import { parseWsResources } from './ws-resources.ts';

describe('isIgnored', () => {
  const config = parseWsResources('{"ignore": ["/private", "/private/*", "/secret.txt", "*.map"]}');

  it('matches ignore globs against the resource path', () => {
    expect(isIgnored('/secret.txt', config)).toBe(true);
    expect(isIgnored('/private/a.html', config)).toBe(true);
    expect(isIgnored('/private/deep/a.html', config)).toBe(true); // * crosses / in site-builder globs
    expect(isIgnored('/js/app.js.map', config)).toBe(true);
    expect(isIgnored('/public/secret.txt', config)).toBe(false);
    expect(isIgnored('/privateer.html', config)).toBe(false);
    expect(isIgnored('/index.html', config)).toBe(false);
  });

  it('ignores nothing without patterns', () => {
    expect(isIgnored('/anything', emptySiteConfig())).toBe(false);
  });
});

describe('isConfigFile', () => {
  it('recognizes the three root configuration files only', () => {
    expect(CONFIG_FILES).toEqual(['/ws-resources.json', '/_headers', '/_redirects']);
    for (const path of CONFIG_FILES) expect(isConfigFile(path)).toBe(true);
    expect(isConfigFile('/docs/_headers')).toBe(false);
    expect(isConfigFile('/sub/ws-resources.json')).toBe(false);
    expect(isConfigFile('/_Headers')).toBe(false);
  });
});
