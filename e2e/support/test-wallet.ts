// Node side of the e2e Wallet Standard wallet (portal/app/wallet/keypair-wallet.ts): bundles its
// injectable entry once per worker and installs it in a page before any page script runs, with
// the account's secret and the Sui gRPC URL it signs and executes against.
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import type { InjectedWalletGlobals } from '../fixtures/wallet/inject.ts';
import { bundleClassicScript } from './vite-build.ts';

export { TEST_WALLET_NAME } from '../../portal/app/wallet/keypair-wallet.ts';

const ENTRY = fileURLToPath(new URL('../fixtures/wallet/inject.ts', import.meta.url));

let bundled: Promise<string> | undefined;

/** The wallet as one classic script (built on first use, then reused). */
export function testWalletScript(): Promise<string> {
  return (bundled ??= bundleClassicScript(ENTRY));
}

export interface InjectedWallet {
  /** `suiprivkey1…` secret of the wallet's only account (e.g. `keypair.getSecretKey()`). */
  readonly secret: string;
  /** Sui gRPC-web URL the wallet resolves and executes transactions against. */
  readonly rpcUrl: string;
  readonly name?: string;
}

/** Registers the test wallet in every document `page` loads from now on. */
export async function injectTestWallet(page: Page, wallet: InjectedWallet): Promise<void> {
  const globals: InjectedWalletGlobals = {
    __E2E_SECRET: wallet.secret,
    __E2E_RPC_URL: wallet.rpcUrl,
    ...(wallet.name ? { __E2E_WALLET_NAME: wallet.name } : {}),
  };
  const prelude = Object.entries(globals)
    .map(([key, value]) => `window[${JSON.stringify(key)}] = ${JSON.stringify(value)};`)
    .join('\n');
  await page.addInitScript({ content: `${prelude}\n${await testWalletScript()}` });
}
