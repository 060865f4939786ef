// The parts of Move's standard library (0x1) and the Sui framework (0x2) that PTBs and Floe's
// modules use, with their real layouts and abort codes.
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { MoveAbort } from '../move/abort.ts';
import type { NativeModule } from '../move/registry.ts';
import type { ObjectValue } from '../exec/native-context.ts';
import type { MoveType } from '../move/types.ts';

export const STD = normalizeSuiAddress('0x1');
export const FRAMEWORK = normalizeSuiAddress('0x2');

export interface CoinValue extends ObjectValue {
  balance: { value: bigint };
}

const stdModules: NativeModule[] = [
  {
    address: STD,
    name: 'string',
    structs: { String: { abilities: ['copy', 'drop', 'store'], fields: [['bytes', 'vector<u8>']] } },
  },
  {
    address: STD,
    name: 'ascii',
    structs: { String: { abilities: ['copy', 'drop', 'store'], fields: [['bytes', 'vector<u8>']] } },
  },
  {
    address: STD,
    name: 'option',
    structs: {
      Option: {
        abilities: ['copy', 'drop', 'store'],
        typeParameters: [{ abilities: [] }],
        fields: [['vec', 'vector<T0>']],
      },
    },
  },
];

const sui: NativeModule = {
  address: FRAMEWORK,
  name: 'sui',
  structs: { SUI: { abilities: ['drop'], fields: [['dummy_field', 'bool']] } },
};

const object: NativeModule = {
  address: FRAMEWORK,
  name: 'object',
  structs: {
    UID: { abilities: ['store'], fields: [['id', 'address']] },
    ID: { abilities: ['copy', 'drop', 'store'], fields: [['bytes', 'address']] },
  },
};

const txContext: NativeModule = {
  address: FRAMEWORK,
  name: 'tx_context',
  structs: {
    TxContext: {
      abilities: ['drop'],
      fields: [
        ['sender', 'address'],
        ['tx_hash', 'vector<u8>'],
        ['epoch', 'u64'],
        ['epoch_timestamp_ms', 'u64'],
        ['ids_created', 'u64'],
      ],
    },
  },
  functions: {
    sender: { parameters: ['&TxContext'], returns: ['address'], run: (ctx) => [ctx.sender] },
    epoch: { parameters: ['&TxContext'], returns: ['u64'], run: (ctx) => [ctx.epoch] },
  },
};

const balance: NativeModule = {
  address: FRAMEWORK,
  name: 'balance',
  structs: {
    Balance: {
      abilities: ['store'],
      typeParameters: [{ abilities: [], phantom: true }],
      fields: [['value', 'u64']],
    },
    Supply: {
      abilities: ['store'],
      typeParameters: [{ abilities: [], phantom: true }],
      fields: [['value', 'u64']],
    },
  },
};

const coin: NativeModule = {
  address: FRAMEWORK,
  name: 'coin',
  structs: {
    Coin: {
      abilities: ['key', 'store'],
      typeParameters: [{ abilities: [], phantom: true }],
      fields: [
        ['id', 'UID'],
        ['balance', 'Balance<T0>'],
      ],
    },
  },
  functions: {
    value: {
      typeParameters: [[]],
      parameters: ['&Coin<T0>'],
      returns: ['u64'],
      run: (_ctx, [c]) => [(c as CoinValue).balance.value],
    },
    split: {
      typeParameters: [[]],
      parameters: ['&mut Coin<T0>', 'u64', '&mut TxContext'],
      returns: ['Coin<T0>'],
      run: (ctx, [c, amount]) => [splitCoin(ctx.newId(), c as CoinValue, amount as bigint, 'split')],
    },
    join: {
      typeParameters: [[]],
      parameters: ['&mut Coin<T0>', 'Coin<T0>'],
      returns: [],
      run: (ctx, [self, other]) => {
        const source = other as CoinValue;
        (self as CoinValue).balance.value += source.balance.value;
        ctx.deleteId(source.id);
        return [];
      },
    },
    zero: {
      typeParameters: [[]],
      parameters: ['&mut TxContext'],
      returns: ['Coin<T0>'],
      run: (ctx) => [{ id: ctx.newId(), balance: { value: 0n } }],
    },
    destroy_zero: {
      typeParameters: [[]],
      parameters: ['Coin<T0>'],
      returns: [],
      run: (ctx, [c]) => {
        const value = c as CoinValue;
        if (value.balance.value !== 0n)
          throw new MoveAbort(FRAMEWORK, 'balance', 'destroy_zero', 0, 'ENonZero');
        ctx.deleteId(value.id);
        return [];
      },
    },
  },
};

const pay: NativeModule = {
  address: FRAMEWORK,
  name: 'pay',
  functions: {
    join_vec: {
      typeParameters: [[]],
      parameters: ['&mut Coin<T0>', 'vector<Coin<T0>>'],
      returns: [],
      run: (ctx, [self, coins]) => {
        for (const coin of coins as CoinValue[]) {
          (self as CoinValue).balance.value += coin.balance.value;
          ctx.deleteId(coin.id);
        }
        return [];
      },
    },
    split_and_transfer: {
      typeParameters: [[]],
      parameters: ['&mut Coin<T0>', 'u64', 'address', '&mut TxContext'],
      returns: [],
      run: (ctx, [c, amount, recipient], [typeArg]) => {
        const piece = splitCoin(ctx.newId(), c as CoinValue, amount as bigint, 'split_and_transfer');
        ctx.transfer(coinType(typeArg!), piece, recipient as string);
        return [];
      },
    },
  },
};

const transfer: NativeModule = {
  address: FRAMEWORK,
  name: 'transfer',
  functions: {
    public_transfer: {
      typeParameters: [['key', 'store']],
      parameters: ['T0', 'address'],
      returns: [],
      run: (ctx, [obj, recipient], [type]) => {
        ctx.transfer(type!, obj as ObjectValue, recipient as string);
        return [];
      },
    },
    public_share_object: {
      typeParameters: [['key', 'store']],
      parameters: ['T0'],
      returns: [],
      run: (ctx, [obj], [type]) => {
        ctx.share(type!, obj as ObjectValue);
        return [];
      },
    },
    public_freeze_object: {
      typeParameters: [['key', 'store']],
      parameters: ['T0'],
      returns: [],
      run: (ctx, [obj], [type]) => {
        ctx.freeze(type!, obj as ObjectValue);
        return [];
      },
    },
  },
};

const vecMap: NativeModule = {
  address: FRAMEWORK,
  name: 'vec_map',
  structs: {
    VecMap: {
      abilities: ['copy', 'drop', 'store'],
      typeParameters: [{ abilities: ['copy'] }, { abilities: [] }],
      fields: [['contents', 'vector<0x2::vec_map::Entry<T0, T1>>']],
    },
    Entry: {
      abilities: ['copy', 'drop', 'store'],
      typeParameters: [{ abilities: ['copy'] }, { abilities: [] }],
      fields: [
        ['key', 'T0'],
        ['value', 'T1'],
      ],
    },
  },
};

const dynamicField: NativeModule = {
  address: FRAMEWORK,
  name: 'dynamic_field',
  structs: {
    Field: {
      abilities: ['key'],
      typeParameters: [{ abilities: ['copy', 'drop', 'store'] }, { abilities: ['store'] }],
      fields: [
        ['id', 'UID'],
        ['name', 'T0'],
        ['value', 'T1'],
      ],
    },
  },
};

const collections: NativeModule[] = [
  {
    address: FRAMEWORK,
    name: 'table',
    structs: {
      Table: {
        abilities: ['key', 'store'],
        typeParameters: [
          { abilities: ['copy', 'drop', 'store'], phantom: true },
          { abilities: ['store'], phantom: true },
        ],
        fields: [
          ['id', 'UID'],
          ['size', 'u64'],
        ],
      },
    },
  },
  {
    address: FRAMEWORK,
    name: 'object_table',
    structs: {
      ObjectTable: {
        abilities: ['key', 'store'],
        typeParameters: [
          { abilities: ['copy', 'drop', 'store'], phantom: true },
          { abilities: ['key', 'store'], phantom: true },
        ],
        fields: [
          ['id', 'UID'],
          ['size', 'u64'],
        ],
      },
    },
  },
  {
    address: FRAMEWORK,
    name: 'bag',
    structs: {
      Bag: {
        abilities: ['key', 'store'],
        fields: [
          ['id', 'UID'],
          ['size', 'u64'],
        ],
      },
    },
  },
];

export const FRAMEWORK_MODULES: readonly NativeModule[] = [
  ...stdModules,
  sui,
  object,
  txContext,
  balance,
  coin,
  pay,
  transfer,
  vecMap,
  dynamicField,
  ...collections,
];

export function coinType(inner: MoveType): MoveType {
  return { kind: 'struct', address: FRAMEWORK, module: 'coin', name: 'Coin', typeArgs: [inner] };
}

export function splitCoin(id: string, from: CoinValue, amount: bigint, fn: string): CoinValue {
  // balance::split aborts with ENotEnough (2) when the coin holds less than asked.
  if (from.balance.value < amount)
    throw new MoveAbort(FRAMEWORK, 'balance', fn === 'split' ? 'split' : fn, 2, 'ENotEnough');
  from.balance.value -= amount;
  return { id, balance: { value: amount } };
}
