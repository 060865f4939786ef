// Fuzz targets of the walrus_site layouts read from the Sui RPC: the Site object and its resource,
// routes and redirects dynamic fields. One row per layout: parse, check, write out, parse back.
import { REDIRECT_STATUSES } from '../core/site/ws-resources.ts';
import { SiteDecodeError } from '../core/sui/errors.ts';
import * as siteBcs from '../core/sui/site-bcs.ts';
import { blobIdFromText } from '../core/walrus/blob-id.ts';
import { MYSTEN_BCS_ALLOWANCE, roundTripBcsTarget } from './bcs-rows.ts';
import { property } from './engine.ts';
import {
  FIELD_ID,
  redirectsFieldBytes,
  resourceFieldBytes,
  routesFieldBytes,
  siteBytes,
} from './site-bcs-seeds.ts';
import type { FuzzTarget } from './target.ts';

const utf8 = new TextEncoder();
const common = { ...MYSTEN_BCS_ALLOWANCE, expected: [SiteDecodeError] } as const;

export const SITE_BCS_TARGETS: readonly FuzzTarget[] = [
  roundTripBcsTarget({
    name: 'site-bcs.parseSite',
    layout: 'Site',
    ...common,
    seeds: siteBytes,
    parse: siteBcs.parseSite,
    serialize: (site) =>
      siteBcs.SiteBcs.serialize({
        id: site.id,
        name: site.name,
        link: site.metadata.link,
        image_url: site.metadata.imageUrl,
        description: site.metadata.description,
        project_url: site.metadata.projectUrl,
        creator: site.metadata.creator,
      }).toBytes(),
    properties: (site) => property('id is a normalized address', () => /^0x[0-9a-f]{64}$/.test(site.id)),
  }),
  roundTripBcsTarget({
    name: 'site-bcs.parseResourceField',
    layout: 'Resource',
    ...common,
    seeds: resourceFieldBytes,
    parse: siteBcs.parseResourceField,
    serialize: (r) =>
      siteBcs.ResourceFieldBcs.serialize({
        id: FIELD_ID,
        name: { path: r.path },
        value: siteBcs.resourceToBcs(r),
      }).toBytes(),
    properties: (r) => {
      property('blob hash has 32 bytes', () => r.blobHash.length === 32);
      property('blob ID text decodes', () => blobIdFromText(r.blobId).length === 32);
    },
  }),
  roundTripBcsTarget({
    name: 'site-bcs.parseRoutesField',
    layout: 'Routes',
    ...common,
    seeds: routesFieldBytes,
    parse: siteBcs.parseRoutesField,
    serialize: (routes) =>
      siteBcs.RoutesFieldBcs.serialize({
        id: FIELD_ID,
        name: utf8.encode('routes'),
        value: { route_list: { contents: routes.map(([key, value]) => ({ key, value })) } },
      }).toBytes(),
  }),
  roundTripBcsTarget({
    name: 'site-bcs.parseRedirectsField',
    layout: 'Redirects',
    ...common,
    seeds: redirectsFieldBytes,
    parse: siteBcs.parseRedirectsField,
    serialize: (redirects) =>
      siteBcs.RedirectsFieldBcs.serialize({
        id: FIELD_ID,
        name: utf8.encode('redirects'),
        value: {
          redirect_list: {
            contents: redirects.map(([key, r]) => ({
              key,
              value: { location: r.location, status_code: r.statusCode },
            })),
          },
        },
      }).toBytes(),
    properties: (redirects) =>
      property('statuses are redirect statuses', () =>
        redirects.every(([, r]) => REDIRECT_STATUSES.includes(r.statusCode)),
      ),
  }),
];
