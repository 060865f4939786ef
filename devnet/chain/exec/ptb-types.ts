// A programmable transaction's commands and their arguments, as the SDK's JSON form names them:
// shared by the interpreter (ptb.ts) and the checks that run before it (pure-usage.ts, limits.ts).
export type Argument =
  | { $kind: 'GasCoin'; GasCoin: true }
  | { $kind: 'Input'; Input: number }
  | { $kind: 'Result'; Result: number }
  | { $kind: 'NestedResult'; NestedResult: [number, number] };

export type Command =
  | {
      $kind: 'MoveCall';
      MoveCall: {
        package: string;
        module: string;
        function: string;
        typeArguments: string[];
        arguments: Argument[];
      };
    }
  | { $kind: 'TransferObjects'; TransferObjects: { objects: Argument[]; address: Argument } }
  | { $kind: 'SplitCoins'; SplitCoins: { coin: Argument; amounts: Argument[] } }
  | { $kind: 'MergeCoins'; MergeCoins: { destination: Argument; sources: Argument[] } }
  | { $kind: 'MakeMoveVec'; MakeMoveVec: { type: string | null; elements: Argument[] } }
  | { $kind: string; [key: string]: unknown };
