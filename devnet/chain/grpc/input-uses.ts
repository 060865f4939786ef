// Where a programmable transaction uses one of its inputs: the commands that take it and, for a
// Move call, which parameter it fills. Resolution reads this to decide an object input's kind and
// mutability from how it is used (MystenLabs/sui crates/sui-rpc-api/.../simulate/resolve `find_arg_uses`).
import { GrpcTypes } from '@mysten/sui/grpc';

export type InputUse =
  | { readonly kind: 'moveCall'; readonly call: GrpcTypes.MoveCall; readonly parameter: number }
  | { readonly kind: 'transferObjects' | 'splitCoins' | 'mergeCoins' | 'makeMoveVector' | 'upgrade' };

export function inputUses(index: number, commands: readonly GrpcTypes.Command[]): InputUse[] {
  const isInput = (arg: GrpcTypes.Argument | undefined) =>
    arg?.kind === GrpcTypes.Argument_ArgumentKind.INPUT && arg.input === index;
  const uses: InputUse[] = [];
  for (const { command: c } of commands) {
    switch (c.oneofKind) {
      case 'moveCall': {
        const parameter = c.moveCall.arguments.findIndex(isInput);
        if (parameter >= 0) uses.push({ kind: 'moveCall', call: c.moveCall, parameter });
        break;
      }
      case 'transferObjects':
        if (isInput(c.transferObjects.address) || c.transferObjects.objects.some(isInput))
          uses.push({ kind: 'transferObjects' });
        break;
      case 'splitCoins':
        if (isInput(c.splitCoins.coin) || c.splitCoins.amounts.some(isInput))
          uses.push({ kind: 'splitCoins' });
        break;
      case 'mergeCoins':
        if (isInput(c.mergeCoins.coin) || c.mergeCoins.coinsToMerge.some(isInput))
          uses.push({ kind: 'mergeCoins' });
        break;
      case 'makeMoveVector':
        if (c.makeMoveVector.elements.some(isInput)) uses.push({ kind: 'makeMoveVector' });
        break;
      case 'upgrade':
        if (isInput(c.upgrade.ticket)) uses.push({ kind: 'upgrade' });
        break;
      default:
        break;
    }
  }
  return uses;
}
