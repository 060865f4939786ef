// Object reads: sui_getObject, sui_multiGetObjects and suix_getOwnedObjects.
import type { ReadContext } from './context.ts';
import { InvalidParamsError } from './errors.ts';
import { compileObjectFilter } from './object-filter.ts';
import { pageAfter } from './paging.ts';
import { address, array, isAbsent, MAX_PAGE, optionalAddress, pageLimit, record } from './params.ts';
import { objectData, objectOptions, objectResponse } from './render-object.ts';
import type { RpcMethods } from './types.ts';

export function objectMethods({ store, render }: ReadContext): RpcMethods {
  return {
    sui_getObject([id, options]) {
      const objectId = address(id, 'object id');
      return objectResponse(objectId, store.getObject(objectId), objectOptions(options), render);
    },

    sui_multiGetObjects([ids, options]) {
      const list = array(ids, 'object ids');
      if (list.length > MAX_PAGE)
        throw new InvalidParamsError(`Too many object ids: ${list.length} (at most ${MAX_PAGE} per request)`);
      const opts = objectOptions(options);
      // Answers keep the request's order: the SDK pairs them with its ids by index.
      return list.map((id, i) => {
        const objectId = address(id, `object ids[${i}]`);
        return objectResponse(objectId, store.getObject(objectId), opts, render);
      });
    },

    suix_getOwnedObjects([owner, query, cursor, limit]) {
      const ownerAddress = address(owner, 'owner');
      const q = isAbsent(query) ? {} : record(query, 'query');
      const matches = compileObjectFilter(q.filter, 'query.filter');
      const opts = objectOptions(q.options, 'query.options');
      const owned = store.ownedBy(ownerAddress).filter(matches);
      const page = pageAfter(owned, (o) => o.id, optionalAddress(cursor, 'cursor'), pageLimit(limit));
      return {
        data: page.items.map((o) => ({ data: objectData(o, opts, render) })),
        nextCursor: page.nextCursor,
        hasNextPage: page.hasNextPage,
      };
    },
  };
}
