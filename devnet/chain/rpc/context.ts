// What every read handler needs: the chain state and the Move-layout renderer.
import type { ChainStore } from '../state/store.ts';
import type { ContentRenderer } from './types.ts';

export interface ReadContext {
  readonly store: ChainStore;
  readonly render: ContentRenderer;
}
