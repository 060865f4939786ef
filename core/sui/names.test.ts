// Names against a real devnet chain: registering a name for a site, resolving it in every form,
// re-pointing it, and what is refused; plus the offline parts (name rules, registry IDs) and the
// `floe name set|show` handlers on the same chain.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SuiJsonRpcClient } from '@mysten/sui/jsonRpc';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction } from '@mysten/sui/transactions';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { mainPackage } from '@mysten/suins';
import { startChain, type Chain } from '../../devnet/chain/chain.ts';
import { REGISTRATION_TYPE, REGISTRY_TABLE_ID } from '../../devnet/chain/natives/names/constants.ts';
import { namesRegistryId } from '../../devnet/chain/natives/names/registry-object.ts';
import { NAMES_PACKAGE, WALRUS_SITE_PACKAGE } from '../../devnet/chain/natives/packages.ts';
import { NameTakenError, nameSet, nameShow } from '../../publisher/commands/name.ts';
import { objectIdToBase36 } from '../site/base36.ts';
import {
  DEVNET_REGISTRY_TABLE_ID,
  InvalidNameError,
  NamesUnavailableError,
  SUINS_REGISTRIES,
  findRegistration,
  getNameRecord,
  nameRegistry,
  parseRegistrableName,
  parseSuiName,
  registerNameTransaction,
  resolveSiteName,
  setSiteTransaction,
} from './names.ts';
import { MAINNET, TESTNET, networkFromDevnetJson, type NetworkConfig } from './networks.ts';
import { siteType } from './site-fields.ts';

const SITE_A = normalizeSuiAddress('0x5ac988828a0c9842d91e6d5bdd9552ec9fcdddf11c56bf82dff6d5566685a31e');
const SITE_B = normalizeSuiAddress('0x05fb8843a23017cbf1c907bd559a2d6191b77bc595d4c83853cca14cc784c0a8');

describe('name rules', () => {
  it('accepts foo, foo.sui, @foo and subnames, case-insensitively', () => {
    for (const input of ['floe', 'floe.sui', '@floe', ' Floe.SUI ', '@FLOE']) {
      expect(parseSuiName(input), input).toEqual({
        name: 'floe.sui',
        label: 'floe',
        domainLabels: ['sui', 'floe'],
      });
    }
    for (const input of ['app.floe', 'app.floe.sui', 'app@floe']) {
      expect(parseSuiName(input), input).toEqual({
        name: 'app.floe.sui',
        label: 'app.floe',
        domainLabels: ['sui', 'floe', 'app'],
      });
    }
    expect(parseSuiName('sui').name).toBe('sui.sui');
    expect(parseSuiName('a-1').name).toBe('a-1.sui');
  });

  it('rejects what SuiNS domain::new rejects, with InvalidNameError', () => {
    const bad = ['', ' ', '-floe', 'floe-', 'fl_oe', 'fl oe', 'floe..sui', '.floe', 'floe@', 'a@b@c', 'café'];
    bad.push(`${'a'.repeat(64)}.sui`, `${'abcdefgh.'.repeat(30)}sui`);
    for (const input of bad)
      expect(() => parseSuiName(input), JSON.stringify(input)).toThrow(InvalidNameError);
  });

  it('registers only second-level names of 3+ characters', () => {
    expect(parseRegistrableName('@abc').name).toBe('abc.sui');
    expect(() => parseRegistrableName('ab')).toThrow(/at least 3/);
    expect(() => parseRegistrableName('app.floe')).toThrow(/subnames/);
  });
});

describe('registry IDs', () => {
  it('match the devnet constants and @mysten/suins', () => {
    expect(DEVNET_REGISTRY_TABLE_ID).toBe(REGISTRY_TABLE_ID);
    for (const network of ['testnet', 'mainnet'] as const) {
      const suins = mainPackage[network];
      expect(SUINS_REGISTRIES[network]).toEqual({
        typesPackageId: suins.packageIdV1,
        packageId: suins.packageId,
        registryId: suins.suins,
        registryTableId: suins.registryTableId,
      });
    }
    expect(nameRegistry(TESTNET)?.kind).toBe('suins');
    expect(nameRegistry(MAINNET)?.registryTableId).toBe(mainPackage.mainnet.registryTableId);
  });

  it('refuses to register on SuiNS networks, and re-points there through SuiNS with the Clock', async () => {
    expect(() =>
      registerNameTransaction({ network: TESTNET, name: 'floe', owner: SITE_A, siteId: SITE_A }),
    ).toThrow(NamesUnavailableError);
    const tx = setSiteTransaction({ network: MAINNET, nftId: SITE_B, siteId: SITE_A });
    const data = tx.getData();
    const call = data.commands[0]?.MoveCall;
    expect(call).toMatchObject({ module: 'controller', function: 'set_user_data' });
    expect(normalizeSuiAddress(call!.package)).toBe(mainPackage.mainnet.packageId);
    expect(call!.arguments).toHaveLength(5);
  });
});

describe('names on the devnet chain', () => {
  let dir: string;
  let chain: Chain;
  let client: SuiJsonRpcClient;
  let network: NetworkConfig;
  const owner = new Ed25519Keypair();
  const other = new Ed25519Keypair();
  let nftId = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'floe-core-names-'));
    chain = await startChain({ dir });
    client = new SuiJsonRpcClient({ url: chain.url, network: 'localnet' });
    const config = networkFromDevnetJson({
      rpcUrl: chain.url,
      packages: { walrusSite: WALRUS_SITE_PACKAGE, names: NAMES_PACKAGE },
      walrus: { systemObjectId: '0x1', stakingObjectId: '0x1', walCoinType: '0x2::sui::SUI' },
    });
    network = { ...config, namesRegistryId: namesRegistryId(chain.store) };
    // One at a time: concurrent grants can pick the same faucet coin.
    await chain.faucet.fund(owner.toSuiAddress());
    await chain.faucet.fund(other.toSuiAddress());
  });

  afterAll(async () => {
    await chain?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function run(signer: Ed25519Keypair, transaction: Transaction) {
    const result = await client.core.signAndExecuteTransaction({
      transaction,
      signer,
      include: { effects: true, objectTypes: true },
    });
    if (result.$kind !== 'Transaction') throw new Error(JSON.stringify(result.FailedTransaction.status));
    await client.core.waitForTransaction({ digest: result.Transaction.digest });
    return result.Transaction;
  }

  it('finds nothing for an unregistered name', async () => {
    expect(await resolveSiteName(client, network, 'nobody-here')).toBeNull();
    expect(await getNameRecord(client, network, '@nobody-here')).toBeNull();
    expect(await findRegistration(client, network, owner.toSuiAddress(), 'nobody-here')).toBeNull();
  });

  it('registers a name pointing at a site in one transaction and resolves it in every form', async () => {
    const done = await run(
      owner,
      registerNameTransaction({ network, name: '@floe-names', owner: owner.toSuiAddress(), siteId: SITE_A }),
    );
    nftId = Object.entries(done.objectTypes).find(([, type]) => type === REGISTRATION_TYPE)![0];
    const { object } = await client.core.getObject({ objectId: nftId });
    expect(object.owner).toEqual({ $kind: 'AddressOwner', AddressOwner: owner.toSuiAddress() });

    for (const form of ['floe-names', 'floe-names.sui', '@floe-names', 'FLOE-NAMES']) {
      const resolved = await resolveSiteName(client, network, form);
      expect(resolved, form).toMatchObject({
        name: 'floe-names.sui',
        label: 'floe-names',
        siteId: SITE_A,
        target: owner.toSuiAddress(),
        nftId,
      });
      expect(resolved!.expiresAtMs).toBeGreaterThan(Date.now() + 364 * 24 * 3600 * 1000);
    }
    // The chain's own resolver agrees on the target.
    expect(await client.core.resolveNameServiceAddress({ name: 'floe-names.sui' })).toEqual({
      address: owner.toSuiAddress(),
    });
    const registration = await findRegistration(client, network, owner.toSuiAddress(), 'floe-names');
    expect(registration).toMatchObject({ nftId, name: 'floe-names.sui' });
    expect(await findRegistration(client, network, other.toSuiAddress(), 'floe-names')).toBeNull();
  });

  it('re-points the name with the NFT', async () => {
    await run(owner, setSiteTransaction({ network, nftId, siteId: SITE_B }));
    expect(await resolveSiteName(client, network, 'floe-names')).toMatchObject({ siteId: SITE_B });
    expect((await getNameRecord(client, network, 'floe-names'))?.data).toEqual({ walrus_site_id: SITE_B });
  });

  it('treats an expired record as absent', async () => {
    const resolved = await resolveSiteName(client, network, 'floe-names');
    expect(
      await resolveSiteName(client, network, 'floe-names', { nowMs: resolved!.expiresAtMs }),
    ).not.toBeNull();
    expect(
      await resolveSiteName(client, network, 'floe-names', { nowMs: resolved!.expiresAtMs + 1 }),
    ).toBeNull();
  });

  it('refuses invalid names, taken names and someone else’s NFT', async () => {
    await expect(resolveSiteName(client, network, 'Not A Name')).rejects.toThrow(InvalidNameError);
    expect(() =>
      registerNameTransaction({ network, name: 'ab', owner: owner.toSuiAddress(), siteId: SITE_A }),
    ).toThrow(InvalidNameError);
    expect(() =>
      registerNameTransaction({
        network,
        name: 'floe-x',
        owner: owner.toSuiAddress(),
        siteId: SITE_A,
        years: 6,
      }),
    ).toThrow(RangeError);
    await expect(
      run(
        other,
        registerNameTransaction({ network, name: 'floe-names', owner: other.toSuiAddress(), siteId: SITE_A }),
      ),
    ).rejects.toThrow(/abort code: 1.*registry::add_record/);
    await expect(run(other, setSiteTransaction({ network, nftId, siteId: SITE_A }))).rejects.toThrow(
      /owned by/,
    );
    expect(await resolveSiteName(client, network, 'floe-names')).toMatchObject({ siteId: SITE_B });
  });

  it('says what is missing when the config lacks the registry', async () => {
    const withoutRegistry = { ...network, namesRegistryId: null };
    expect(() =>
      registerNameTransaction({
        network: withoutRegistry,
        name: 'floe-y',
        owner: owner.toSuiAddress(),
        siteId: SITE_A,
      }),
    ).toThrow(/namesRegistryId/);
    // Reads need only the fixed table ID.
    expect(await resolveSiteName(client, withoutRegistry, 'floe-names')).toMatchObject({ siteId: SITE_B });
    await expect(resolveSiteName(client, { ...network, namesPackageId: null }, 'floe-names')).rejects.toThrow(
      NamesUnavailableError,
    );
  });

  describe('floe name set|show', () => {
    let siteId = '';
    const lines: string[] = [];
    const args = () => ({
      network: { network, sui: client },
      json: false,
      out: (line: string) => lines.push(line),
    });

    beforeAll(async () => {
      // A real Site object: `name set` refuses to point at anything else.
      const tx = new Transaction();
      const site = tx.moveCall({
        target: `${WALRUS_SITE_PACKAGE}::site::new_site`,
        arguments: [
          tx.pure.string('Named site'),
          tx.moveCall({
            target: `${WALRUS_SITE_PACKAGE}::metadata::new_metadata`,
            arguments: ['link', 'image_url', 'description', 'project_url', 'creator'].map(() =>
              tx.pure.option('string', null),
            ),
          }),
        ],
      });
      tx.transferObjects([site], owner.toSuiAddress());
      const done = await run(owner, tx);
      siteId = Object.entries(done.objectTypes).find(
        ([, type]) => type === siteType(WALRUS_SITE_PACKAGE),
      )![0];
    });

    it('registers, re-points, leaves alone, and refuses a name held by someone else', async () => {
      lines.length = 0;
      expect(
        await nameSet({ ...args(), name: 'floe-cli', siteId: objectIdToBase36(siteId), signer: owner }),
      ).toBe(0);
      expect(lines).toEqual([
        `floe-cli.sui registered, pointing at ${siteId}`,
        '  http://floe-cli.localhost:3000/',
      ]);
      expect(await resolveSiteName(client, network, 'floe-cli')).toMatchObject({ siteId });

      lines.length = 0;
      await nameSet({ ...args(), name: 'floe-cli', siteId, signer: owner, json: true });
      expect(JSON.parse(lines.join('\n'))).toMatchObject({ action: 'unchanged', digest: null, siteId });

      await expect(nameSet({ ...args(), name: 'floe-cli', siteId, signer: other })).rejects.toThrow(
        NameTakenError,
      );
      await expect(nameSet({ ...args(), name: 'floe-cli2', siteId: SITE_A, signer: owner })).rejects.toThrow(
        /no Sui object/,
      );

      // floe-names points at SITE_B (not a Site); re-point it at the real one.
      lines.length = 0;
      await nameSet({ ...args(), name: 'floe-names.sui', siteId, signer: owner });
      expect(lines[0]).toBe(`floe-names.sui now points at ${siteId}`);
    });

    it('shows a name as text and JSON, and a missing one with exit code 1', async () => {
      lines.length = 0;
      expect(await nameShow({ ...args(), name: '@floe-cli' })).toBe(0);
      const text = lines.join('\n');
      expect(text).toContain(`site:    ${siteId}`);
      expect(text).toContain(`base36:  ${objectIdToBase36(siteId)}`);
      expect(text).toContain(`owner:   ${owner.toSuiAddress()}`);
      expect(text).toContain('url:     http://floe-cli.localhost:3000/');

      lines.length = 0;
      expect(await nameShow({ ...args(), name: 'floe-cli', json: true })).toBe(0);
      expect(JSON.parse(lines.join('\n'))).toMatchObject({
        name: 'floe-cli.sui',
        registered: true,
        status: 'active',
        siteId,
        siteLabel: objectIdToBase36(siteId),
        owner: owner.toSuiAddress(),
        target: owner.toSuiAddress(),
      });

      lines.length = 0;
      expect(await nameShow({ ...args(), name: 'nobody-here', json: true })).toBe(1);
      expect(JSON.parse(lines.join('\n'))).toEqual({
        network: 'devnet',
        name: 'nobody-here.sui',
        registered: false,
      });
    });
  });
});
