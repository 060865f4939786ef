// A serialized user signature (flag ‖ signature ‖ public key, base64 as the executor stores it) →
// the gRPC `UserSignature`. Simple schemes also get their parts; multisig, zkLogin and passkey
// signatures are given as BCS only (clients read `bcs`, as the SDK does).
import { GrpcTypes } from '@mysten/sui/grpc';
import { fromBase64 } from '@mysten/sui/utils';
import type { ReadMask } from './read-mask.ts';

const Scheme = GrpcTypes.SignatureScheme;
/** Scheme by Sui's signature flag byte. */
const SCHEMES: Readonly<Record<number, GrpcTypes.SignatureScheme>> = {
  0x00: Scheme.ED25519,
  0x01: Scheme.SECP256K1,
  0x02: Scheme.SECP256R1,
  0x03: Scheme.MULTISIG,
  0x05: Scheme.ZKLOGIN,
  0x06: Scheme.PASSKEY,
};
/** Every simple scheme's signature is 64 bytes, followed by the public key. */
const SIMPLE_SIGNATURE_BYTES = 65;

export function signatureToProto(serialized: string, mask: ReadMask): GrpcTypes.UserSignature {
  const bytes = fromBase64(serialized);
  const scheme = SCHEMES[bytes[0]!];
  const message: GrpcTypes.UserSignature = { signature: { oneofKind: undefined } };
  if (mask.has('bcs')) message.bcs = { name: 'UserSignatureBytes', value: bytes };
  if (mask.has('scheme') && scheme !== undefined) message.scheme = scheme;
  const simple = scheme === Scheme.ED25519 || scheme === Scheme.SECP256K1 || scheme === Scheme.SECP256R1;
  if (mask.has('simple') && simple)
    message.signature = {
      oneofKind: 'simple',
      simple: {
        scheme,
        signature: bytes.slice(1, SIMPLE_SIGNATURE_BYTES),
        publicKey: bytes.slice(SIMPLE_SIGNATURE_BYTES),
      },
    };
  return message;
}
