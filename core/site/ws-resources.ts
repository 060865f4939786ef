// `ws-resources.json`, site-builder's per-site configuration (site-builder/src/site/config.rs). We
// read it more strictly than site-builder does: anything site-builder would reject, the chain would
// abort on, or the portal would silently skip is an error here, with the line and the JSON path of
// the offending key, because a deploy is slow and costs gas while a config error costs a re-run.
// Stricter than site-builder on purpose: unknown keys inside `metadata` and redirect entries (serde
// ignores them there, so a typo such as `imageUrl` silently does nothing), duplicate keys (serde
// keeps the last), invalid header names and values, and route/redirect patterns the portal skips.
import { PathError, SiteConfigError } from './errors.ts';
import { globProblem } from './glob.ts';
import { headerNameProblem, headerValueProblem } from './header-syntax.ts';
import { parseJsonSource, printJson } from './json-source.ts';
import type { JsonEntry, JsonNode } from './json-source.ts';
import { normalizeObjectId } from './object-id.ts';
import { validateResourcePath } from './paths.ts';
import { redirectPatternProblem, routePatternProblem } from './portal-patterns.ts';
import { closestKey } from './suggest.ts';
import type { HeaderRule, Redirect, RedirectStatus, SiteConfig, SiteMetadata } from './types.ts';

export const WS_RESOURCES_FILE = 'ws-resources.json';

/** Status codes `walrus_site::redirects` accepts; it aborts the whole transaction on any other. */
export const REDIRECT_STATUSES: readonly RedirectStatus[] = [301, 302, 303, 307, 308];

const TOP_LEVEL_KEYS = [
  'headers',
  'routes',
  'redirects',
  'metadata',
  'site_name',
  'object_id',
  'ignore',
] as const;
const METADATA_KEYS = ['link', 'image_url', 'description', 'project_url', 'creator'] as const;
const REDIRECT_KEYS = ['location', 'status_code'] as const;

type ObjectNode = Extract<JsonNode, { kind: 'object' }>;

/**
 * Parses and validates `ws-resources.json`. Routes and redirects keep the order they are written in.
 * Header rules are sorted by pattern (code-point order), because site-builder keeps them in a
 * `BTreeMap` and picks the first of equally deep matches in that order; `resourceHeaders` resolves
 * ties to the earlier rule, so the same file gives the same headers with either tool.
 * A `null` value counts as absent, as with site-builder's `Option` fields.
 */
export function parseWsResources(text: string, file = WS_RESOURCES_FILE): SiteConfig {
  return readWsResources(parseJsonSource(text, file), file);
}

/** What a deploy writes back into `ws-resources.json`. */
export interface WsResourcesUpdate {
  readonly objectId: string;
  /** Null leaves `site_name` as it is (site-builder writes the name only when it created the site). */
  readonly siteName: string | null;
}

/**
 * The text of `ws-resources.json` after a deploy, like site-builder's `persist_site_id_and_name`:
 * `object_id` (normalized to `0x` + 64 hex) and, unless null, `site_name` are set, every other key
 * keeps its value and position, new keys go at the end (`site_name` before `object_id`, site-builder's
 * field order). Pretty-printed with 2 spaces and a trailing newline. `text` null means there is no
 * file yet. The existing text must be valid: we never rewrite a file we could not read.
 */
export function updateWsResources(
  text: string | null,
  update: WsResourcesUpdate,
  file = WS_RESOURCES_FILE,
): string {
  const objectId = normalizeObjectId(update.objectId);
  if (objectId === null) {
    throw new SiteConfigError(`${JSON.stringify(update.objectId)} is not a Sui object ID`, {
      file,
      key: 'object_id',
    });
  }
  const root: JsonNode =
    text === null ? { kind: 'object', entries: [], line: 1, column: 1 } : parseJsonSource(text, file);
  readWsResources(root, file);
  let entries = (root as ObjectNode).entries;
  if (update.siteName !== null) entries = setEntry(entries, 'site_name', update.siteName);
  entries = setEntry(entries, 'object_id', objectId);
  return printJson({ ...(root as ObjectNode), entries });
}

function setEntry(entries: readonly JsonEntry[], key: string, value: string): JsonEntry[] {
  const node: JsonNode = { kind: 'string', value, line: 0, column: 0 };
  const index = entries.findIndex((entry) => entry.key === key);
  if (index === -1) return [...entries, { key, value: node, line: 0, column: 0 }];
  return entries.map((entry, i) => (i === index ? { ...entry, value: node } : entry));
}

function readWsResources(root: JsonNode, file: string): SiteConfig {
  const fail = (reason: string, at: { line: number }, key?: string): never => {
    throw new SiteConfigError(reason, { file, line: at.line, key });
  };
  const object = (node: JsonNode, key: string): ObjectNode => {
    if (node.kind !== 'object') fail(`must be an object, found ${describe(node)}`, node, key);
    return node as ObjectNode;
  };
  const string = (node: JsonNode, key: string, what = 'must be a string'): string => {
    if (node.kind !== 'string') fail(`${what}, found ${describe(node)}`, node, key);
    return (node as Extract<JsonNode, { kind: 'string' }>).value;
  };
  const rejectUnknown = (entry: JsonEntry, known: readonly string[], key: string): never => {
    const hint = closestKey(entry.key, known);
    const suggestion = hint === null ? `known keys are ${known.join(', ')}` : `did you mean \`${hint}\`?`;
    return fail(`unknown key ${JSON.stringify(entry.key)}, ${suggestion}`, entry, key);
  };

  const readHeaders = (node: ObjectNode): HeaderRule[] => {
    const rules = node.entries.map((entry): HeaderRule => {
      const key = `headers.${entry.key}`;
      const problem = globProblem(entry.key);
      if (problem !== null) fail(`pattern is not a valid glob: ${problem}`, entry, key);
      const headers: [string, string][] = [];
      const seen = new Map<string, string>();
      for (const header of object(entry.value, key).entries) {
        const nameProblem = headerNameProblem(header.key);
        if (nameProblem !== null) fail(nameProblem, header, key);
        const earlier = seen.get(header.key.toLowerCase());
        if (earlier !== undefined) {
          fail(
            `headers ${earlier} and ${header.key} are the same header (names are case-insensitive)`,
            header,
            key,
          );
        }
        seen.set(header.key.toLowerCase(), header.key);
        const value = string(header.value, key, `the value of ${header.key} must be a string`);
        const valueProblem = headerValueProblem(value);
        if (valueProblem !== null) fail(`the value of ${header.key} ${valueProblem}`, header.value, key);
        headers.push([header.key, value]);
      }
      return { pattern: entry.key, headers: Object.fromEntries(headers) };
    });
    return rules.sort((a, b) => compareCodePoints(a.pattern, b.pattern));
  };

  const readRoutes = (node: ObjectNode): (readonly [string, string])[] =>
    node.entries.map((entry) => {
      const key = `routes.${entry.key}`;
      const problem = routePatternProblem(entry.key);
      if (problem !== null) fail(`route pattern ${problem}`, entry, key);
      const target = string(entry.value, key, 'the route target must be a resource path string');
      if (!target.startsWith('/'))
        fail(`route target ${JSON.stringify(target)} must start with /`, entry.value, key);
      try {
        validateResourcePath(target);
      } catch (error) {
        if (error instanceof PathError) fail(`route target ${error.reason}`, entry.value, key);
        throw error;
      }
      return [entry.key, target] as const;
    });

  const readRedirects = (node: ObjectNode): (readonly [string, Redirect])[] =>
    node.entries.map((entry) => {
      const key = `redirects.${entry.key}`;
      const problem = redirectPatternProblem(entry.key);
      if (problem !== null) fail(`redirect pattern ${problem}`, entry, key);
      const fields = object(entry.value, key);
      let location: string | undefined;
      let statusCode: RedirectStatus | undefined;
      for (const field of fields.entries) {
        if (field.key === 'location') {
          location = string(field.value, key, 'location must be a string');
          if (location === '') fail('location is empty', field, key);
          const valueProblem = headerValueProblem(location);
          if (valueProblem !== null) fail(`location ${valueProblem}`, field, key);
        } else if (field.key === 'status_code') {
          statusCode = readStatus(field.value, (reason) => fail(reason, field, key));
        } else {
          rejectUnknown(field, REDIRECT_KEYS, key);
        }
      }
      if (location === undefined) return fail('missing `location`', entry, key);
      if (statusCode === undefined) return fail('missing `status_code`', entry, key);
      // The portal answers 508 Loop Detected instead of redirecting a path to itself.
      if (location === entry.key) fail(`redirects ${entry.key} to itself`, entry, key);
      return [entry.key, { location, statusCode }] as const;
    });

  const readMetadata = (node: ObjectNode): SiteMetadata => {
    const values: Record<(typeof METADATA_KEYS)[number], string | null> = {
      link: null,
      image_url: null,
      description: null,
      project_url: null,
      creator: null,
    };
    for (const entry of node.entries) {
      const key = `metadata.${entry.key}`;
      if (!(METADATA_KEYS as readonly string[]).includes(entry.key)) rejectUnknown(entry, METADATA_KEYS, key);
      values[entry.key as (typeof METADATA_KEYS)[number]] =
        entry.value.kind === 'null' ? null : string(entry.value, key);
    }
    return {
      link: values.link,
      imageUrl: values.image_url,
      description: values.description,
      projectUrl: values.project_url,
      creator: values.creator,
    };
  };

  const readIgnore = (node: JsonNode): string[] => {
    if (node.kind !== 'array')
      return fail(`must be an array of glob patterns, found ${describe(node)}`, node, 'ignore');
    return node.items.map((item, i) => {
      const key = `ignore[${i}]`;
      const pattern = string(item, key);
      const problem = globProblem(pattern);
      if (problem !== null) fail(`pattern is not a valid glob: ${problem}`, item, key);
      return pattern;
    });
  };

  if (root.kind !== 'object') return fail(`must contain a JSON object, found ${describe(root)}`, root);
  const config: {
    -readonly [K in keyof SiteConfig]: SiteConfig[K];
  } = {
    headers: [],
    routes: [],
    redirects: [],
    metadata: null,
    siteName: null,
    objectId: null,
    ignore: [],
  };
  for (const entry of root.entries) {
    const value = entry.value;
    if (!(TOP_LEVEL_KEYS as readonly string[]).includes(entry.key))
      rejectUnknown(entry, TOP_LEVEL_KEYS, entry.key);
    if (value.kind === 'null') continue;
    switch (entry.key as (typeof TOP_LEVEL_KEYS)[number]) {
      case 'headers':
        config.headers = readHeaders(object(value, 'headers'));
        break;
      case 'routes':
        config.routes = readRoutes(object(value, 'routes'));
        break;
      case 'redirects':
        config.redirects = readRedirects(object(value, 'redirects'));
        break;
      case 'metadata':
        config.metadata = readMetadata(object(value, 'metadata'));
        break;
      case 'site_name':
        config.siteName = string(value, 'site_name');
        break;
      case 'object_id': {
        const id = string(value, 'object_id');
        config.objectId = normalizeObjectId(id);
        if (config.objectId === null) {
          fail(
            `${JSON.stringify(id)} is not a Sui object ID (0x followed by up to 64 hex digits)`,
            value,
            'object_id',
          );
        }
        break;
      }
      case 'ignore':
        config.ignore = readIgnore(value);
        break;
    }
  }
  return config;
}

function readStatus(node: JsonNode, fail: (reason: string) => never): RedirectStatus {
  if (node.kind !== 'number') return fail(`status_code must be a number, found ${describe(node)}`);
  const status = REDIRECT_STATUSES.find((code) => code === node.value && /^\d+$/.test(node.raw));
  if (status === undefined)
    return fail(`status_code ${node.raw} is not one of ${REDIRECT_STATUSES.join(', ')}`);
  return status;
}

function describe(node: JsonNode): string {
  switch (node.kind) {
    case 'object':
      return 'an object';
    case 'array':
      return 'an array';
    case 'string':
      return `the string ${JSON.stringify(node.value)}`;
    case 'number':
      return `the number ${node.raw}`;
    case 'boolean':
      return String(node.value);
    case 'null':
      return 'null';
  }
}

// Rust orders `String` keys by UTF-8 bytes, which is code-point order; JS `<` compares UTF-16 code
// units, which differs for characters above U+FFFF versus U+E000–U+FFFF.
function compareCodePoints(a: string, b: string): number {
  const left = Array.from(a, (c) => c.codePointAt(0)!);
  const right = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    if (left[i] !== right[i]) return left[i]! - right[i]!;
  }
  return left.length - right.length;
}
