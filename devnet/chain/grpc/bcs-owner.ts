// A BCS `Owner` (as `@mysten/sui/bcs` parses it from effects) → the gRPC `Owner` message.
import type { bcs } from '@mysten/sui/bcs';
import { GrpcTypes } from '@mysten/sui/grpc';

export type BcsOwner = ReturnType<typeof bcs.Owner.parse>;

const Kind = GrpcTypes.Owner_OwnerKind;

export function ownerToProto(owner: BcsOwner): GrpcTypes.Owner {
  switch (owner.$kind) {
    case 'AddressOwner':
      return { kind: Kind.ADDRESS, address: owner.AddressOwner };
    case 'ObjectOwner':
      return { kind: Kind.OBJECT, address: owner.ObjectOwner };
    case 'Shared':
      return { kind: Kind.SHARED, version: BigInt(owner.Shared.initialSharedVersion) };
    case 'Immutable':
      return { kind: Kind.IMMUTABLE };
    case 'ConsensusAddressOwner':
      return {
        kind: Kind.CONSENSUS_ADDRESS,
        address: owner.ConsensusAddressOwner.owner,
        version: BigInt(owner.ConsensusAddressOwner.startVersion),
      };
    default:
      return { kind: Kind.OWNER_KIND_UNKNOWN };
  }
}
