// Runs the shared deploy pipeline (core/deploy) from the browser: the folder's files and config
// assembled exactly as the CLI does, quilts encoded in Web Workers, the connected wallet signing.
// The pipeline pauses on `confirm` with the plan and its cost until the user decides. A preview
// deploy goes to the address's preview site of that name instead (preview-target.ts). Memory:
// PAGE_MEMORY_BUDGET sizes the workers and quilts; encoded slivers beyond the plan's in-memory share
// wait in the Origin Private File System (spill-opfs.ts) until uploaded, and files stored as blobs
// of their own are read a slice at a time (docs/BROWSER-LIMITS.md says what this allows).
import { useCallback, useReducer, useRef } from 'react';
import type { DAppKit } from '@mysten/dapp-kit-core';
import { DeployCancelledError } from '../../../core/deploy/errors.ts';
import { planWithWorkers } from '../../../core/deploy/deploy-memory.ts';
import { deploySite } from '../../../core/deploy/pipeline.ts';
import { assembleSite } from '../../../core/deploy/site-files.ts';
import { resolveWalCoinType } from '../../../core/sui/client.ts';
import type { PortalServices } from '../services/portal-services.ts';
import { walletExecutor } from '../wallet/dapp-kit.ts';
import type { CollectedFolder } from './collect-files.ts';
import { deployReducer, INITIAL } from './deploy-state.ts';
import { defaultEncodePoolSize, WebEncodePool } from './encode-pool.ts';
import { describePublishError } from './error-wording.ts';
import { browserOpfsAccess } from './opfs-access.ts';
import { previewTarget } from './preview-target.ts';
import { openOpfsSpillStore, type OpfsSpillStore } from './spill-opfs.ts';

export interface PublishOptions {
  /** Existing site to update; null uses object_id from ws-resources.json, else creates one. */
  readonly siteId: string | null;
  readonly epochs: number;
  /**
   * Deploy to the address's preview site of this name (checked with isPreviewName); `siteId` then
   * only names the live site the preview may be promoted to.
   */
  readonly preview: string | null;
}

/** What a publish may hold: a tab shares the device with everything else the user runs. */
export const PAGE_MEMORY_BUDGET = 512 * 1024 * 1024;

export function usePublish(services: PortalServices, dAppKit: DAppKit) {
  const [state, dispatch] = useReducer(deployReducer, INITIAL);
  const decide = useRef<((go: boolean) => void) | null>(null);
  const abort = useRef<AbortController | null>(null);

  const start = useCallback(
    async (folder: CollectedFolder, options: PublishOptions) => {
      const account = dAppKit.stores.$connection.get().account;
      if (!account) {
        dispatch({ type: 'failed', error: 'Connect a wallet first: it signs the deploy.' });
        return;
      }
      dispatch({ type: 'start' });
      const controller = new AbortController();
      abort.current = controller;
      // The page cannot measure its own footprint portably: the budget is divided between the
      // workers' fixed costs and the deploy's stages.
      const memory = planWithWorkers(PAGE_MEMORY_BUDGET, 0, defaultEncodePoolSize());
      const pool = new WebEncodePool({ size: memory.encodeWorkers });
      let spill: OpfsSpillStore | undefined;
      try {
        // Without OPFS (an old browser, some private modes) the slivers wait in memory, as the
        // pipeline does by default: small sites still publish.
        spill = await openOpfsSpillStore(browserOpfsAccess()).catch(() => undefined);
        const site = await assembleSite(folder.entries, folder.access, {
          displayPath: (path) => `${folder.folderName}/${path}`,
          onEvent: (event) => dispatch({ type: 'event', event }),
        });
        const { network } = services;
        const baseName = site.config.siteName ?? folder.folderName;
        const preview =
          options.preview === null
            ? null
            : await previewTarget(
                services,
                account.address,
                baseName,
                options.preview,
                options.siteId ?? site.config.objectId,
              );
        if (preview) dispatch({ type: 'preview', preview });
        const result = await deploySite(
          {
            sui: services.sui,
            walrus: services.walrus,
            owner: account.address,
            execute: walletExecutor(dAppKit),
            sitePackage: {
              original: network.walrusSite.originalPackageId,
              published: network.walrusSite.packageId,
            },
            walCoinType: await resolveWalCoinType(services.sui, network),
            nodeScheme: network.walrus.storageNodeUrlScheme,
            encoder: pool,
            memory,
            ...(spill ? { spill } : {}),
            signal: controller.signal,
            onEvent: (event) => dispatch({ type: 'event', event }),
            confirm: (preview) =>
              new Promise<boolean>((resolve) => {
                decide.current = resolve;
                dispatch({ type: 'review', preview });
              }),
          },
          {
            files: site.files,
            readFile: (path) => folder.readFile(site.sources.get(path)!),
            openFile: async (path) => folder.openFile(site.sources.get(path)!),
            config: site.config,
            siteId: preview ? preview.siteId : (options.siteId ?? site.config.objectId),
            siteName: preview ? preview.siteName : baseName,
            epochs: options.epochs,
          },
        );
        dispatch({ type: 'done', result });
      } catch (error) {
        if (error instanceof DeployCancelledError || controller.signal.aborted)
          dispatch({ type: 'cancelled' });
        else dispatch({ type: 'failed', error: describePublishError(error) });
      } finally {
        decide.current = null;
        abort.current = null;
        await pool.close();
        await spill?.close().catch(() => undefined);
      }
    },
    [services, dAppKit],
  );

  const confirm = useCallback(() => {
    dispatch({ type: 'confirmed' });
    decide.current?.(true);
    // From here on Cancel aborts the running deploy instead of declining the plan.
    decide.current = null;
  }, []);

  /** Before spending: declines the plan. During the deploy: stops it; the site stays as it was. */
  const cancel = useCallback(() => {
    if (decide.current) decide.current(false);
    else abort.current?.abort(new DeployCancelledError('deploy cancelled; the site was not changed'));
  }, []);

  const reset = useCallback(() => dispatch({ type: 'reset' }), []);

  return { state, start, confirm, cancel, reset };
}
