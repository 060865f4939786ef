// The faucet over HTTP: Sui's `POST /v2/gas` (what `requestSuiFromFaucetV2` calls) and Floe's
// `POST /floe/fund`, which can also grant WAL.
import { isValidSuiAddress, normalizeSuiAddress } from '@mysten/sui/utils';
import type { Faucet } from './faucet.ts';

type Route = (body: unknown) => Promise<{ status: number; json: unknown }>;

export function faucetRoutes(faucet: Faucet): Record<string, Route> {
  return {
    'POST /v2/gas': async (body) => {
      const recipient = (body as { FixedAmountRequest?: { recipient?: unknown } }).FixedAmountRequest
        ?.recipient;
      if (typeof recipient !== 'string' || !isValidSuiAddress(normalizeSuiAddress(recipient))) {
        return {
          status: 400,
          json: { status: { Failure: { internal: 'FixedAmountRequest.recipient must be a Sui address' } } },
        };
      }
      try {
        const grant = await faucet.fund(recipient);
        return {
          status: 200,
          json: {
            status: 'Success',
            coins_sent: grant.coins.map((c) => ({
              amount: Number(c.amount),
              id: c.id,
              transferTxDigest: grant.digest,
            })),
          },
        };
      } catch (error) {
        return { status: 500, json: { status: { Failure: { internal: (error as Error).message } } } };
      }
    },
    'POST /floe/fund': async (body) => {
      const { recipient, sui, wal } = body as { recipient?: unknown; sui?: unknown; wal?: unknown };
      if (typeof recipient !== 'string' || !isValidSuiAddress(normalizeSuiAddress(recipient))) {
        return { status: 400, json: { error: 'recipient must be a Sui address' } };
      }
      const amount = (value: unknown) =>
        typeof value === 'string' || typeof value === 'number' ? BigInt(value) : undefined;
      try {
        const grant = await faucet.fund(recipient, {
          ...(amount(sui) !== undefined ? { sui: amount(sui)! } : {}),
          ...(amount(wal) !== undefined ? { wal: amount(wal)! } : {}),
        });
        return {
          status: 200,
          json: {
            digest: grant.digest,
            coins: grant.coins.map((c) => ({ ...c, amount: c.amount.toString() })),
          },
        };
      } catch (error) {
        return { status: 400, json: { error: (error as Error).message } };
      }
    },
  };
}
