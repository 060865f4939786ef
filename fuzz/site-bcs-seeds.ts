// Seeds of the Site layout targets: a Site object and its resource, routes and redirects dynamic
// fields as the Sui RPC returns their BCS contents.
import { normalizeSuiAddress } from '@mysten/sui/utils';
import type { RedirectStatus } from '../core/site/types.ts';
import {
  metadataToBcs,
  RedirectsFieldBcs,
  ResourceFieldBcs,
  resourceToBcs,
  RoutesFieldBcs,
  SiteBcs,
} from '../core/sui/site-bcs.ts';
import { METADATA, resource } from '../core/sui/test-support/fixtures.ts';
import { OBJECT_ID } from './site-seeds.ts';

const utf8 = new TextEncoder();

export const FIELD_ID = normalizeSuiAddress('0xf1e1d');
const SITE_ID = normalizeSuiAddress('0x5173');

export function siteBytes(): Uint8Array[] {
  return [
    SiteBcs.serialize({ id: SITE_ID, name: 'My site', ...metadataToBcs(METADATA) }).toBytes(),
    SiteBcs.serialize({
      id: OBJECT_ID,
      name: 'caf\u00e9 \ud83d\ude00',
      link: null,
      image_url: null,
      description: null,
      project_url: null,
      creator: null,
    }).toBytes(),
  ];
}

export function resourceFieldBytes(): Uint8Array[] {
  const resources = [
    resource('/index.html', 7),
    { ...resource('/r', 1, [['cache-control', 'max-age=0']]), range: { start: 5n, end: null } },
    { ...resource('/caf\u00e9.js', 2), range: { start: 0n, end: 18446744073709551615n } },
  ];
  return resources.map((r) =>
    ResourceFieldBcs.serialize({ id: FIELD_ID, name: { path: r.path }, value: resourceToBcs(r) }).toBytes(),
  );
}

export function routesFieldBytes(): Uint8Array[] {
  return [
    [
      ['/*', '/index.html'],
      ['/app/*', '/app/index.html'],
    ],
    [],
  ].map((routes) =>
    RoutesFieldBcs.serialize({
      id: FIELD_ID,
      name: utf8.encode('routes'),
      value: { route_list: { contents: routes.map(([key, value]) => ({ key: key!, value: value! })) } },
    }).toBytes(),
  );
}

export function redirectsFieldBytes(): Uint8Array[] {
  const lists: (readonly [string, string, RedirectStatus])[][] = [
    [
      ['/old/**', 'https://example.com/new', 308],
      ['/a', '/b', 301],
    ],
    [],
  ];
  return lists.map((list) =>
    RedirectsFieldBcs.serialize({
      id: FIELD_ID,
      name: utf8.encode('redirects'),
      value: {
        redirect_list: {
          contents: list.map(([key, location, status_code]) => ({ key, value: { location, status_code } })),
        },
      },
    }).toBytes(),
  );
}
