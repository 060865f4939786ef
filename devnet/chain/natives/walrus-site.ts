// The `walrus_site` package (v2): `site`, `metadata`, `redirects` and `events`, with the layouts,
// dynamic-field keys and abort codes of MystenLabs/walrus-sites' Move sources, so a site made on
// the devnet reads exactly like one on mainnet.
import { ExecutionFailure, MoveAbort } from '../move/abort.ts';
import type { NativeModule } from '../move/registry.ts';
import type { MoveType } from '../move/types.ts';
import type { NativeContext, ObjectValue } from '../exec/native-context.ts';
import { WALRUS_SITE_PACKAGE as PKG } from './packages.ts';
import { emptyVecMap, vecMapInsert, vecMapRemove, type VecMapValue } from './vec-map.ts';

const ROUTES_FIELD = new TextEncoder().encode('routes');
const REDIRECTS_FIELD = new TextEncoder().encode('redirects');
const BYTES: MoveType = { kind: 'vector', of: { kind: 'primitive', name: 'u8' } };
const REDIRECT_CODES = new Set([301, 302, 303, 307, 308]);

interface SiteValue extends ObjectValue {
  name: string;
  link: string | null;
  image_url: string | null;
  description: string | null;
  project_url: string | null;
  creator: string | null;
}
type Metadata = Pick<SiteValue, 'link' | 'image_url' | 'description' | 'project_url' | 'creator'>;
interface ResourceValue {
  path: string;
  headers: VecMapValue<string, string>;
  blob_id: bigint;
  blob_hash: bigint;
  range: { start: bigint | null; end: bigint | null } | null;
}
interface Routes {
  route_list: VecMapValue<string, string>;
}
interface Redirects {
  redirect_list: VecMapValue<string, { location: string; status_code: number }>;
}

const aliases = {
  Site: `${PKG}::site::Site`,
  Resource: `${PKG}::site::Resource`,
  Range: `${PKG}::site::Range`,
  ResourcePath: `${PKG}::site::ResourcePath`,
  Routes: `${PKG}::site::Routes`,
  Metadata: `${PKG}::metadata::Metadata`,
  Redirect: `${PKG}::redirects::Redirect`,
  Redirects: `${PKG}::redirects::Redirects`,
  SiteCreatedEvent: `${PKG}::events::SiteCreatedEvent`,
  SiteBurnedEvent: `${PKG}::events::SiteBurnedEvent`,
};

const abort = (module: string, fn: string, code: number, reason: string) =>
  new MoveAbort(PKG, module, fn, code, reason);

function siteField(ctx: NativeContext) {
  const path = ctx.type('ResourcePath');
  return {
    resource: (site: SiteValue, p: string) => ({
      parent: site.id,
      nameType: path,
      name: { path: p },
      valueType: ctx.type('Resource'),
    }),
    routes: (site: SiteValue) => ({
      parent: site.id,
      nameType: BYTES,
      name: ROUTES_FIELD,
      valueType: ctx.type('Routes'),
    }),
    redirects: (site: SiteValue) => ({
      parent: site.id,
      nameType: BYTES,
      name: REDIRECTS_FIELD,
      valueType: ctx.type('Redirects'),
    }),
  };
}

function add(
  ctx: NativeContext,
  f: { parent: string; nameType: MoveType; name: unknown; valueType: MoveType },
  value: unknown,
) {
  ctx.dynamicField.add(f.parent, f.nameType, f.name, f.valueType, value);
}
function borrow<T>(
  ctx: NativeContext,
  f: { parent: string; nameType: MoveType; name: unknown; valueType: MoveType },
): T {
  return ctx.dynamicField.borrow<T>(f.parent, f.nameType, f.name, f.valueType);
}
function remove<T>(
  ctx: NativeContext,
  f: { parent: string; nameType: MoveType; name: unknown; valueType: MoveType },
): T {
  return ctx.dynamicField.remove<T>(f.parent, f.nameType, f.name, f.valueType);
}
function removeIfExists<T>(
  ctx: NativeContext,
  f: { parent: string; nameType: MoveType; name: unknown; valueType: MoveType },
): T | null {
  return ctx.dynamicField.exists(f.parent, f.nameType, f.name) ? remove<T>(ctx, f) : null;
}

function newRange(start: bigint | null, end: bigint | null) {
  if (start === null && end === null) throw abort('site', 'new_range', 2, 'EStartAndEndRangeAreNone');
  if (start !== null && end !== null && !(end > start))
    throw abort('site', 'new_range', 1, 'ERangeStartGreaterThanRangeEnd');
  return { start, end };
}

function fillRedirects(redirects: Redirects, paths: string[], locations: string[], codes: number[]): void {
  if (paths.length !== locations.length) throw abort('redirects', 'fill', 1, 'ELocationsLength');
  if (paths.length !== codes.length) throw abort('redirects', 'fill', 2, 'EStatusCodesLengths');
  // Move pops from the back, so entries are inserted last to first.
  for (let i = paths.length - 1; i >= 0; i--) insertRedirect(redirects, paths[i]!, locations[i]!, codes[i]!);
}

function insertRedirect(redirects: Redirects, from: string, location: string, code: number): void {
  if (!REDIRECT_CODES.has(code)) throw abort('redirects', 'insert', 0, 'EInvalidRedirectStatusCode');
  vecMapInsert(redirects.redirect_list, from, { location, status_code: code });
}

const referenceReturn = (name: string) => () => {
  throw new ExecutionFailure(
    'InvalidPublicFunctionReturnType',
    `${name} returns a reference, which a transaction cannot use`,
    {
      idx: 0,
    },
  );
};

const site: NativeModule = {
  address: PKG,
  name: 'site',
  aliases,
  structs: {
    Site: {
      abilities: ['key', 'store'],
      fields: [
        ['id', 'UID'],
        ['name', 'String'],
        ['link', 'Option<String>'],
        ['image_url', 'Option<String>'],
        ['description', 'Option<String>'],
        ['project_url', 'Option<String>'],
        ['creator', 'Option<String>'],
      ],
    },
    Resource: {
      abilities: ['drop', 'store'],
      fields: [
        ['path', 'String'],
        ['headers', 'VecMap<String, String>'],
        ['blob_id', 'u256'],
        ['blob_hash', 'u256'],
        ['range', 'Option<Range>'],
      ],
    },
    Range: {
      abilities: ['drop', 'store'],
      fields: [
        ['start', 'Option<u64>'],
        ['end', 'Option<u64>'],
      ],
    },
    ResourcePath: { abilities: ['copy', 'drop', 'store'], fields: [['path', 'String']] },
    Routes: { abilities: ['drop', 'store'], fields: [['route_list', 'VecMap<String, String>']] },
    SITE: { abilities: ['drop'], fields: [['dummy_field', 'bool']] },
  },
  functions: {
    new_site: {
      parameters: ['String', 'Metadata', '&mut TxContext'],
      returns: ['Site'],
      run: (ctx, [name, metadata]) => {
        const value: SiteValue = { id: ctx.newId(), name: name as string, ...(metadata as Metadata) };
        ctx.emit(ctx.type('SiteCreatedEvent'), { site_id: value.id });
        return [value];
      },
    },
    new_range_option: {
      parameters: ['Option<u64>', 'Option<u64>'],
      returns: ['Option<Range>'],
      run: (_ctx, [start, end]) => [
        start === null && end === null ? null : newRange(start as bigint | null, end as bigint | null),
      ],
    },
    new_range: {
      parameters: ['Option<u64>', 'Option<u64>'],
      returns: ['Range'],
      run: (_ctx, [start, end]) => [newRange(start as bigint | null, end as bigint | null)],
    },
    new_resource: {
      parameters: ['String', 'u256', 'u256', 'Option<Range>'],
      returns: ['Resource'],
      run: (_ctx, [path, blobId, blobHash, range]) => [
        {
          path,
          headers: emptyVecMap(),
          blob_id: blobId,
          blob_hash: blobHash,
          range,
        },
      ],
    },
    add_header: {
      parameters: ['&mut Resource', 'String', 'String'],
      returns: [],
      run: (_ctx, [resource, name, value]) => {
        vecMapInsert((resource as ResourceValue).headers, name as string, value as string);
        return [];
      },
    },
    update_name: {
      parameters: ['&mut Site', 'String'],
      returns: [],
      run: (_ctx, [s, name]) => {
        (s as SiteValue).name = name as string;
        return [];
      },
    },
    update_metadata: {
      parameters: ['&mut Site', 'Metadata'],
      returns: [],
      run: (_ctx, [s, metadata]) => {
        Object.assign(s as SiteValue, metadata as Metadata);
        return [];
      },
    },
    add_resource: {
      parameters: ['&mut Site', 'Resource'],
      returns: [],
      run: (ctx, [s, resource]) => {
        add(ctx, siteField(ctx).resource(s as SiteValue, (resource as ResourceValue).path), resource);
        return [];
      },
    },
    remove_resource: {
      parameters: ['&mut Site', 'String'],
      returns: ['Resource'],
      run: (ctx, [s, path]) => [remove(ctx, siteField(ctx).resource(s as SiteValue, path as string))],
    },
    remove_resource_if_exists: {
      parameters: ['&mut Site', 'String'],
      returns: ['Option<Resource>'],
      run: (ctx, [s, path]) => [removeIfExists(ctx, siteField(ctx).resource(s as SiteValue, path as string))],
    },
    move_resource: {
      parameters: ['&mut Site', 'String', 'String'],
      returns: [],
      run: (ctx, [s, oldPath, newPath]) => {
        const fields = siteField(ctx);
        const resource = remove<ResourceValue>(ctx, fields.resource(s as SiteValue, oldPath as string));
        resource.path = newPath as string;
        add(ctx, fields.resource(s as SiteValue, resource.path), resource);
        return [];
      },
    },
    create_routes: {
      parameters: ['&mut Site'],
      returns: [],
      run: (ctx, [s]) => {
        add(ctx, siteField(ctx).routes(s as SiteValue), { route_list: emptyVecMap() });
        return [];
      },
    },
    fill_routes: {
      parameters: ['&mut Site', 'vector<String>', 'vector<String>'],
      returns: [],
      run: (ctx, [s, from, to]) => {
        const routes = borrow<Routes>(ctx, siteField(ctx).routes(s as SiteValue));
        const a = from as string[];
        const b = to as string[];
        // zip_do_reverse! aborts on unequal lengths (vector module, code 0).
        if (a.length !== b.length)
          throw new MoveAbort('0x1', 'vector', 'zip_do_reverse', 0, 'EVectorLengthMismatch');
        for (let i = a.length - 1; i >= 0; i--) vecMapInsert(routes.route_list, a[i]!, b[i]!);
        return [];
      },
    },
    remove_all_routes_if_exist: {
      parameters: ['&mut Site'],
      returns: ['Option<Routes>'],
      run: (ctx, [s]) => [removeIfExists(ctx, siteField(ctx).routes(s as SiteValue))],
    },
    insert_route: {
      parameters: ['&mut Site', 'String', 'String'],
      returns: [],
      run: (ctx, [s, route, path]) => {
        vecMapInsert(
          borrow<Routes>(ctx, siteField(ctx).routes(s as SiteValue)).route_list,
          route as string,
          path as string,
        );
        return [];
      },
    },
    remove_route: {
      parameters: ['&mut Site', '&String'],
      returns: ['String', 'String'],
      run: (ctx, [s, route]) => {
        const entry = vecMapRemove(
          borrow<Routes>(ctx, siteField(ctx).routes(s as SiteValue)).route_list,
          route as string,
        );
        return [entry.key, entry.value];
      },
    },
    redirects: { parameters: ['&Site'], returns: ['&Redirects'], run: referenceReturn('site::redirects') },
    create_redirects: {
      parameters: ['&mut Site'],
      returns: [],
      run: (ctx, [s]) => {
        add(ctx, siteField(ctx).redirects(s as SiteValue), { redirect_list: emptyVecMap() });
        return [];
      },
    },
    set_redirects: {
      parameters: ['&mut Site', 'Redirects'],
      returns: [],
      run: (ctx, [s, redirects]) => {
        add(ctx, siteField(ctx).redirects(s as SiteValue), redirects);
        return [];
      },
    },
    fill_redirects: {
      parameters: ['&mut Site', 'vector<String>', 'vector<String>', 'vector<u16>'],
      returns: [],
      run: (ctx, [s, from, to, codes]) => {
        const redirects = borrow<Redirects>(ctx, siteField(ctx).redirects(s as SiteValue));
        fillRedirects(redirects, from as string[], to as string[], codes as number[]);
        return [];
      },
    },
    take_redirects: {
      parameters: ['&mut Site'],
      returns: ['Redirects'],
      run: (ctx, [s]) => [remove(ctx, siteField(ctx).redirects(s as SiteValue))],
    },
    take_redirects_if_exist: {
      parameters: ['&mut Site'],
      returns: ['Option<Redirects>'],
      run: (ctx, [s]) => [removeIfExists(ctx, siteField(ctx).redirects(s as SiteValue))],
    },
    insert_redirect: {
      parameters: ['&mut Site', 'String', 'String', 'u16'],
      returns: [],
      run: (ctx, [s, from, to, code]) => {
        insertRedirect(
          borrow<Redirects>(ctx, siteField(ctx).redirects(s as SiteValue)),
          from as string,
          to as string,
          code as number,
        );
        return [];
      },
    },
    remove_redirect: {
      parameters: ['&mut Site', '&String'],
      returns: ['String', 'String', 'u16'],
      run: (ctx, [s, from]) => {
        const redirects = borrow<Redirects>(ctx, siteField(ctx).redirects(s as SiteValue));
        const entry = vecMapRemove(redirects.redirect_list, from as string);
        return [entry.key, entry.value.location, entry.value.status_code];
      },
    },
    burn: {
      parameters: ['Site'],
      returns: [],
      run: (ctx, [s]) => {
        const value = s as SiteValue;
        const fields = siteField(ctx);
        const routes = fields.routes(value);
        if (ctx.dynamicField.exists(routes.parent, routes.nameType, routes.name))
          throw abort('site', 'burn', 4, 'ERemoveRoutesFirst');
        const redirects = fields.redirects(value);
        if (ctx.dynamicField.exists(redirects.parent, redirects.nameType, redirects.name)) {
          throw abort('site', 'burn', 3, 'ERemoveRedirectsFirst');
        }
        ctx.emit(ctx.type('SiteBurnedEvent'), { site_id: value.id });
        ctx.deleteId(value.id);
        return [];
      },
    },
    get_site_name: { parameters: ['&Site'], returns: ['String'], run: (_c, [s]) => [(s as SiteValue).name] },
    get_site_link: {
      parameters: ['&Site'],
      returns: ['Option<String>'],
      run: (_c, [s]) => [(s as SiteValue).link],
    },
    get_site_image_url: {
      parameters: ['&Site'],
      returns: ['Option<String>'],
      run: (_c, [s]) => [(s as SiteValue).image_url],
    },
    get_site_description: {
      parameters: ['&Site'],
      returns: ['Option<String>'],
      run: (_c, [s]) => [(s as SiteValue).description],
    },
    get_site_project_url: {
      parameters: ['&Site'],
      returns: ['Option<String>'],
      run: (_c, [s]) => [(s as SiteValue).project_url],
    },
    get_site_creator: {
      parameters: ['&Site'],
      returns: ['Option<String>'],
      run: (_c, [s]) => [(s as SiteValue).creator],
    },
  },
};

const metadataFields = ['link', 'image_url', 'description', 'project_url', 'creator'] as const;

const metadata: NativeModule = {
  address: PKG,
  name: 'metadata',
  aliases,
  structs: {
    Metadata: {
      abilities: ['copy', 'drop', 'store'],
      fields: metadataFields.map((f) => [f, 'Option<String>'] as const),
    },
  },
  functions: {
    new_metadata: {
      parameters: metadataFields.map(() => 'Option<String>'),
      returns: ['Metadata'],
      run: (_ctx, args) => [Object.fromEntries(metadataFields.map((f, i) => [f, args[i]]))],
    },
    ...Object.fromEntries(
      metadataFields.flatMap((f) => [
        [
          f,
          {
            parameters: ['&Metadata'],
            returns: ['Option<String>'],
            run: (_c: NativeContext, [m]: unknown[]) => [(m as Metadata)[f]],
          },
        ],
        [
          `set_${f}`,
          {
            parameters: ['&mut Metadata', 'Option<String>'],
            returns: [],
            run: (_c: NativeContext, [m, v]: unknown[]) => {
              (m as Record<string, unknown>)[f] = v;
              return [];
            },
          },
        ],
      ]),
    ),
  },
};

const redirects: NativeModule = {
  address: PKG,
  name: 'redirects',
  aliases,
  structs: {
    Redirect: {
      abilities: ['drop', 'store'],
      fields: [
        ['location', 'String'],
        ['status_code', 'u16'],
      ],
    },
    Redirects: { abilities: ['drop', 'store'], fields: [['redirect_list', 'VecMap<String, Redirect>']] },
  },
  functions: {
    empty: { parameters: [], returns: ['Redirects'], run: () => [{ redirect_list: emptyVecMap() }] },
    filled: {
      parameters: ['vector<String>', 'vector<String>', 'vector<u16>'],
      returns: ['Redirects'],
      run: (_ctx, [paths, locations, codes]) => {
        const value: Redirects = { redirect_list: emptyVecMap() };
        fillRedirects(value, paths as string[], locations as string[], codes as number[]);
        return [value];
      },
    },
    fill: {
      parameters: ['&mut Redirects', 'vector<String>', 'vector<String>', 'vector<u16>'],
      returns: [],
      run: (_ctx, [value, paths, locations, codes]) => {
        fillRedirects(value as Redirects, paths as string[], locations as string[], codes as number[]);
        return [];
      },
    },
    insert: {
      parameters: ['&mut Redirects', 'String', 'String', 'u16'],
      returns: [],
      run: (_ctx, [value, from, to, code]) => {
        insertRedirect(value as Redirects, from as string, to as string, code as number);
        return [];
      },
    },
    remove: {
      parameters: ['&mut Redirects', '&String'],
      returns: ['String', 'String', 'u16'],
      run: (_ctx, [value, from]) => {
        const entry = vecMapRemove((value as Redirects).redirect_list, from as string);
        return [entry.key, entry.value.location, entry.value.status_code];
      },
    },
    length: {
      parameters: ['&Redirects'],
      returns: ['u64'],
      run: (_ctx, [value]) => [BigInt((value as Redirects).redirect_list.contents.length)],
    },
    get: {
      parameters: ['&Redirects', '&String'],
      returns: ['&String', 'u16'],
      run: referenceReturn('redirects::get'),
    },
  },
};

const events: NativeModule = {
  address: PKG,
  name: 'events',
  aliases,
  structs: {
    SiteCreatedEvent: { abilities: ['copy', 'drop'], fields: [['site_id', 'ID']] },
    SiteBurnedEvent: { abilities: ['copy', 'drop'], fields: [['site_id', 'ID']] },
  },
};

export const WALRUS_SITE_MODULES: readonly NativeModule[] = [site, metadata, redirects, events];
