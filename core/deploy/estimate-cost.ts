// What a deploy will cost before it is sent, and whether the deployer can pay it. WAL is exact
// (the system's storage price); SUI is simulated from the register and site transactions.
import type { WalrusWriter } from '../walrus/writer.ts';
import { buildSiteTransactions } from '../sui/site-tx.ts';
import { simulateGas, walCost, type DeployCost } from './cost.ts';
import type { DeployContext } from './deploy-types.ts';
import { InsufficientFundsError } from './errors.ts';
import type { PreparedQuilts } from './prepare-quilts.ts';
import type { SiteUpdate } from './site-update.ts';
import { registrations, type EncodedItem, type StorePlan } from './store.ts';

export async function estimateCost(
  ctx: Pick<DeployContext, 'sui' | 'walrus' | 'owner' | 'sitePackage'>,
  writer: WalrusWriter,
  quilts: Pick<PreparedQuilts, 'encoded' | 'storePlan'>,
  epochs: number,
  update: SiteUpdate,
): Promise<DeployCost> {
  return {
    wal: await walCost(ctx.walrus, quilts.encoded, quilts.storePlan, epochs),
    sui: await estimateGas(ctx, writer, quilts.encoded, quilts.storePlan, epochs, update),
    suiEstimated: true,
  };
}

/**
 * Gas of the register transaction (counted twice: certify costs about the same and cannot be
 * simulated before the nodes confirm) plus the first site transaction times the number of them.
 */
async function estimateGas(
  ctx: Pick<DeployContext, 'sui' | 'owner' | 'sitePackage'>,
  writer: WalrusWriter,
  encoded: readonly EncodedItem[],
  plan: StorePlan,
  epochs: number,
  update: SiteUpdate,
): Promise<bigint> {
  let total = 0n;
  if (plan.toRegister.length || plan.extend.length) {
    const tx = await writer.registerTransaction(
      registrations(encoded, plan.toRegister),
      epochs,
      plan.extend.map(({ objectId, epochs: more }) => ({ objectId, epochs: more })),
    );
    const gas = await simulateGas(ctx.sui, tx);
    total += plan.toRegister.length ? 2n * gas : gas;
  }
  const site = buildSiteTransactions({ ...update, packageId: ctx.sitePackage.published });
  const first = site.first();
  if (first) {
    first.setSender(ctx.owner);
    total += BigInt(site.count) * (await simulateGas(ctx.sui, first));
  }
  return total;
}

/** Refuses, before anything is signed, a deploy the owner's WAL or SUI cannot pay for. */
export async function checkFunds(
  ctx: Pick<DeployContext, 'sui' | 'owner' | 'walCoinType'>,
  cost: DeployCost,
): Promise<void> {
  if (cost.wal === 0n) return;
  const { balance } = await ctx.sui.core.getBalance({ owner: ctx.owner, coinType: ctx.walCoinType });
  const have = BigInt(balance.balance);
  if (have < cost.wal) throw new InsufficientFundsError('WAL', cost.wal, have, ctx.owner);
  const sui = BigInt((await ctx.sui.core.getBalance({ owner: ctx.owner })).balance.balance);
  if (sui < cost.sui) throw new InsufficientFundsError('SUI', cost.sui, sui, ctx.owner);
}
