// Fuzz targets of the site config files a deploy reads: ws-resources.json (parse and the
// publisher's update of it), _headers and _redirects. What parses must satisfy the config
// invariants and, for the Netlify files, deploy as ws-resources.json would.
import { SiteConfigError } from '../core/site/errors.ts';
import { parseHeadersFile } from '../core/site/headers-file.ts';
import { normalizeObjectId } from '../core/site/object-id.ts';
import { parseRedirectsFile } from '../core/site/redirects-file.ts';
import { isWellFormed } from '../core/site/text.ts';
import type { SiteConfig } from '../core/site/types.ts';
import { parseWsResources, updateWsResources } from '../core/site/ws-resources.ts';
import { assertEqual, mutateText, property, showText, timed } from './engine.ts';
import { asWsResources, checkConfigInvariants, codePointOrder } from './site-config-checks.ts';
import {
  HEADER_TOKENS,
  HEADERS_SEEDS,
  OBJECT_ID,
  REDIRECT_TOKENS,
  REDIRECTS_SEEDS,
  WS_RESOURCES_SEEDS,
  WS_TOKENS,
} from './site-seeds.ts';
import { defineTarget, type FuzzTarget } from './target.ts';
import { textTarget } from './target-rows.ts';

const wsResourcesParse = textTarget({
  name: 'ws-resources.parse',
  parsers: 'parseWsResources',
  expected: [SiteConfigError],
  seeds: WS_RESOURCES_SEEDS,
  tokens: WS_TOKENS,
  check: (text) => {
    const config = timed(() => parseWsResources(text));
    checkConfigInvariants(config, 'parseWsResources');
    const sorted = config.headers.map((rule) => rule.pattern);
    property('header rules are sorted by pattern (code points)', () =>
      sorted.every((p, i) => i === 0 || codePointOrder(sorted[i - 1]!, p) < 0),
    );
  },
});

interface UpdateInput {
  readonly text: string | null;
  readonly objectId: string;
  readonly siteName: string | null;
}

const wsResourcesUpdate = defineTarget<UpdateInput>({
  name: 'ws-resources.update',
  parsers: 'updateWsResources',
  expected: [SiteConfigError],
  seeds: () => [
    ...WS_RESOURCES_SEEDS().map((text, i) => ({
      text,
      objectId: i % 2 === 0 ? OBJECT_ID : '0x2',
      siteName: i % 3 === 0 ? null : 'New name \u00e9 \ud83d\ude00',
    })),
    { text: null, objectId: OBJECT_ID.slice(2).toUpperCase(), siteName: 'n' },
  ],
  mutate: (input, { rng, seeds }) => {
    const choice = rng.below(10);
    if (choice < 6) {
      const base = input.text ?? '{}';
      return {
        ...input,
        text: rng.chance(0.02)
          ? null
          : mutateText(base, rng, { donors: seeds.map((s) => s.text ?? '{}'), tokens: WS_TOKENS }),
      };
    }
    if (choice < 8) {
      return {
        ...input,
        objectId: mutateText(input.objectId, rng, {
          tokens: ['0x', '0X', 'f', 'F', '0', 'g', ' ', OBJECT_ID],
          maxLength: 200,
        }),
      };
    }
    // Site names come from the chain (Move strings, valid UTF-8) or the command line: well-formed.
    const name = rng.chance(0.1) ? null : mutateText(input.siteName ?? '', rng, { maxLength: 5000 });
    return { ...input, siteName: name !== null && !isWellFormed(name) ? 'fallback' : name };
  },
  check: ({ text, objectId, siteName }) => {
    const out = timed(() => updateWsResources(text, { objectId, siteName }));
    let config: SiteConfig | undefined;
    property('the updated file parses', () => {
      config = parseWsResources(out);
    });
    assertEqual('object_id after update', config!.objectId, normalizeObjectId(objectId));
    let before = null as SiteConfig | null;
    property('the original file parses (update accepted it)', () => {
      before = text === null ? null : parseWsResources(text);
    });
    assertEqual('site_name after update', config!.siteName, siteName ?? before?.siteName ?? null);
    if (before !== null) {
      assertEqual(
        'other keys keep their values',
        { ...config!, objectId: null, siteName: null },
        { ...before, objectId: null, siteName: null },
      );
    }
    property(
      'updating twice changes nothing more',
      () => updateWsResources(out, { objectId, siteName }) === out,
    );
  },
  format: (input, max) =>
    `{ text: ${input.text === null ? 'null' : showText(input.text, max)}, objectId: ${showText(input.objectId, 120)}, siteName: ${input.siteName === null ? 'null' : showText(input.siteName, 120)} }`,
});

const headersFile = textTarget({
  name: 'headers-file',
  parsers: 'parseHeadersFile',
  expected: [SiteConfigError],
  seeds: HEADERS_SEEDS,
  tokens: HEADER_TOKENS,
  check: (text) => {
    const rules = timed(() => parseHeadersFile(text));
    checkConfigInvariants(
      {
        headers: rules,
        routes: [],
        redirects: [],
        ignore: [],
        objectId: null,
        siteName: null,
        metadata: null,
      },
      'parseHeadersFile',
    );
    property('patterns are unique', () => new Set(rules.map((r) => r.pattern)).size === rules.length);
    // A file read from disk is valid UTF-16; for such text the result must deploy as ws-resources.json would.
    if (isWellFormed(text)) {
      property('the rules are valid ws-resources.json headers', () => {
        parseWsResources(asWsResources({ headers: rules, routes: [], redirects: [] }));
      });
    }
  },
});

const redirectsFile = textTarget({
  name: 'redirects-file',
  parsers: 'parseRedirectsFile',
  expected: [SiteConfigError],
  seeds: REDIRECTS_SEEDS,
  tokens: REDIRECT_TOKENS,
  check: (text) => {
    const { routes, redirects } = timed(() => parseRedirectsFile(text));
    checkConfigInvariants(
      { headers: [], routes, redirects, ignore: [], objectId: null, siteName: null, metadata: null },
      'parseRedirectsFile',
    );
    const patterns = [...routes, ...redirects].map(([p]) => p);
    property('patterns are unique', () => new Set(patterns).size === patterns.length);
    if (isWellFormed(text)) {
      property('the rules are valid ws-resources.json routes and redirects', () => {
        parseWsResources(asWsResources({ headers: [], routes, redirects }));
      });
    }
  },
});

export const SITE_CONFIG_TARGETS: readonly FuzzTarget[] = [
  wsResourcesParse,
  wsResourcesUpdate,
  headersFile,
  redirectsFile,
];
