// `sui.rpc.v2.SignatureVerificationService` on the devnet: VerifySignature checks a user signature
// over a personal message or transaction data, answering `is_valid` and, when false, a `reason`,
// as a full node does (MystenLabs/sui crates/sui-rpc-api/src/grpc/v2/signature_verification_service.rs):
// a malformed signature or address is INVALID_ARGUMENT; an address the signature does not derive is
// `is_valid: false` with "provided address `…` does not match derived address `…`"; a bad signature
// is `is_valid: false` with sui-crypto's error ("signature error: …"). Simple (Ed25519, Secp256k1,
// Secp256r1), multisig and passkey signatures are verified with `@mysten/sui/verify`.
//
// zkLogin signatures cannot be verified on the devnet: a full node checks them against the JWKs of
// its on-chain authenticator state (or the request's `jwks`) and a Groth16 proof, and the devnet has
// neither JWKs nor a proof verifier. It answers `is_valid: false` with a reason saying so, as a full
// node lacking the signer's JWK also answers `is_valid: false`. `SuiGrpcClient.core.verifyZkLoginSignature`
// therefore reports `success: false` for every zkLogin signature, and `true` only for the others.
import { bcs } from '@mysten/sui/bcs';
import {
  parseSerializedSignature,
  SIGNATURE_SCHEME_TO_FLAG,
  SIGNATURE_SCHEME_TO_SIZE,
  toSerializedSignature,
  type PublicKey,
  type SignatureScheme,
} from '@mysten/sui/cryptography';
import { GrpcTypes } from '@mysten/sui/grpc';
import { MultiSigPublicKey, parsePartialSignatures } from '@mysten/sui/multisig';
import { fromBase64, isValidSuiAddress, normalizeSuiAddress, toBase64 } from '@mysten/sui/utils';
import {
  isValidPersonalMessageSignature,
  isValidTransactionSignature,
  publicKeyFromRawBytes,
} from '@mysten/sui/verify';
import { toZkLoginPublicIdentifier } from '@mysten/sui/zklogin';
import type { GrpcService } from './service.ts';
import { GrpcStatusCode, GrpcStatusError, invalidArgument } from './status.ts';

type Parsed = ReturnType<typeof parseSerializedSignature>;
type Multisig = Extract<Parsed, { signatureScheme: 'MultiSig' }>['multisig'];
type ZkLoginParsed = Extract<Parsed, { signatureScheme: 'ZkLogin' }>;

/** What was signed: the intent scope and the bytes under it. */
interface SignedMessage {
  readonly scope: 'PersonalMessage' | 'TransactionData';
  readonly bytes: Uint8Array;
}

const SIMPLE_SIGNATURE_BYTES = 64;

export function signatureVerificationService(): GrpcService {
  return {
    descriptor: GrpcTypes.SignatureVerificationService,
    handlers: {
      VerifySignature: (request: GrpcTypes.VerifySignatureRequest) => verifySignature(request),
    },
  };
}

async function verifySignature(
  request: GrpcTypes.VerifySignatureRequest,
): Promise<GrpcTypes.VerifySignatureResponse> {
  const serialized = serializedSignature(request.signature);
  const parsed = parseSignature(serialized);
  const message = signedMessage(request.message);
  if (request.address !== undefined) {
    const address = parseAddress(request.address);
    const derived = derivedAddresses(parsed);
    if (!derived.includes(address))
      return invalid(`provided address \`${address}\` does not match derived address \`${derived[0]}\``);
  }
  if (parsed.signatureScheme === 'ZkLogin') return invalid(zkLoginReason(parsed));
  if (parsed.signatureScheme === 'MultiSig' && hasZkLoginMember(parsed.multisig))
    return invalid(ZKLOGIN_REASON);
  const valid =
    message.scope === 'PersonalMessage'
      ? await isValidPersonalMessageSignature(message.bytes, serialized)
      : await isValidTransactionSignature(message.bytes, serialized);
  if (valid) return { isValid: true };
  if (parsed.signatureScheme !== 'MultiSig') return invalid(schemeFailure(parsed.signatureScheme));
  return invalid((await multisigFailure(parsed.multisig, message)) ?? 'signature error');
}

function invalid(reason: string): GrpcTypes.VerifySignatureResponse {
  return { isValid: false, reason };
}

/**
 * The signature's serialized bytes (flag ‖ signature ‖ key) in base64, from its `bcs` or else the
 * parts of a `simple` signature.
 */
function serializedSignature(signature: GrpcTypes.UserSignature | undefined): string {
  if (!signature) throw invalidArgument('missing signature');
  if (signature.bcs?.value) return toBase64(signature.bcs.value);
  if (signature.signature.oneofKind === 'simple') {
    const { scheme, signature: bytes, publicKey } = signature.signature.simple;
    if (scheme === undefined || !bytes || !publicKey)
      throw invalidArgument(
        'invalid signature: a simple signature needs its scheme, signature and public key',
      );
    return toBase64(new Uint8Array([scheme, ...bytes, ...publicKey]));
  }
  throw invalidArgument('invalid signature: expected its bcs or a simple signature');
}

function parseSignature(serialized: string): Parsed {
  try {
    const parsed = parseSerializedSignature(serialized);
    if (isSimple(parsed.signatureScheme)) {
      const expected = 1 + SIMPLE_SIGNATURE_BYTES + SIGNATURE_SCHEME_TO_SIZE[parsed.signatureScheme];
      if (fromBase64(serialized).length !== expected)
        throw new Error(`a ${parsed.signatureScheme} signature is ${expected} bytes`);
    }
    derivedAddresses(parsed);
    return parsed;
  } catch (error) {
    throw invalidArgument(`invalid signature: ${(error as Error).message}`);
  }
}

/**
 * The signed message as Sui reads `message`: by its name, or, unnamed, as whichever of a personal
 * message (BCS `vector<u8>`) and transaction data it decodes as.
 */
function signedMessage(message: GrpcTypes.Bcs | undefined): SignedMessage {
  if (!message?.value) throw invalidArgument('missing message');
  const { name, value } = message;
  if (name === 'PersonalMessage' || name === 'TransactionData') {
    try {
      return decodeMessage(name, value);
    } catch (error) {
      // A full node answers a named message that does not decode with its BCS error, as INTERNAL.
      throw new GrpcStatusError(GrpcStatusCode.INTERNAL, (error as Error).message);
    }
  }
  for (const scope of ['PersonalMessage', 'TransactionData'] as const) {
    try {
      return decodeMessage(scope, value);
    } catch {
      // Tries the next reading.
    }
  }
  throw invalidArgument('invalid message');
}

/** Decodes all of `value` (BCS rejects trailing bytes, as Sui's decoder does). */
function decodeMessage(scope: SignedMessage['scope'], value: Uint8Array): SignedMessage {
  const schema = scope === 'PersonalMessage' ? bcs.byteVector() : bcs.TransactionData;
  const decoded = schema.parse(value);
  const canonical = (schema as typeof bcs.TransactionData).serialize(decoded as never).toBytes();
  if (canonical.length !== value.length) throw new Error(`trailing bytes after ${scope}`);
  return { scope, bytes: scope === 'PersonalMessage' ? (decoded as Uint8Array) : value };
}

function parseAddress(value: string): string {
  const normalized = normalizeSuiAddress(value);
  if (/^(0x)?[0-9a-fA-F]{1,64}$/.test(value) && isValidSuiAddress(normalized)) return normalized;
  throw invalidArgument(`invalid address: ${JSON.stringify(value)} is not a 32-byte hex address`);
}

/** The addresses the signature can belong to (zkLogin has the padded and the legacy derivation). */
function derivedAddresses(parsed: Parsed): string[] {
  switch (parsed.signatureScheme) {
    case 'MultiSig':
      return [new MultiSigPublicKey(parsed.multisig.multisig_pk).toSuiAddress()];
    case 'ZkLogin': {
      const { addressSeed, iss } = parsed.zkLogin;
      return [false, true].map((legacyAddress) =>
        toZkLoginPublicIdentifier(addressSeed, iss, { legacyAddress }).toSuiAddress(),
      );
    }
    default:
      return [publicKeyFromRawBytes(parsed.signatureScheme, parsed.publicKey).toSuiAddress()];
  }
}

const ZKLOGIN_REASON =
  'the devnet cannot verify zkLogin signatures: it has no JWKs (no on-chain authenticator state) and no zkLogin proof verifier';

function zkLoginReason(parsed: ZkLoginParsed): string {
  const { iss, inputs } = parsed.zkLogin;
  return `no JWK for iss ${JSON.stringify(iss)} and kid ${JSON.stringify(jwtKeyId(inputs.headerBase64))}: ${ZKLOGIN_REASON}`;
}

function jwtKeyId(headerBase64: string): string | undefined {
  try {
    const header: unknown = JSON.parse(new TextDecoder().decode(fromBase64(toStandardBase64(headerBase64))));
    return typeof header === 'object' && header !== null && 'kid' in header ? String(header.kid) : undefined;
  } catch {
    return undefined;
  }
}

function toStandardBase64(base64url: string): string {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  return base64 + '='.repeat((4 - (base64.length % 4)) % 4);
}

function hasZkLoginMember(multisig: Multisig): boolean {
  return multisig.multisig_pk.pk_map.some((member) => 'ZkLogin' in member.pubKey);
}

/**
 * Why a multisig does not verify, worded as sui-crypto words it: it checks each member's signature
 * in bitmap order, then the signed weight against the threshold. Undefined if neither fails.
 */
async function multisigFailure(multisig: Multisig, message: SignedMessage): Promise<string | undefined> {
  let weight = 0;
  for (const member of parsePartialSignatures(multisig)) {
    const signature = toSerializedSignature({
      signature: member.signature,
      signatureScheme: member.signatureScheme,
      publicKey: member.publicKey as PublicKey,
    });
    const valid =
      message.scope === 'PersonalMessage'
        ? await member.publicKey.verifyPersonalMessage(message.bytes, signature)
        : await member.publicKey.verifyTransaction(message.bytes, signature);
    if (!valid) return schemeFailure(member.signatureScheme);
    weight += member.weight;
  }
  return weight >= multisig.multisig_pk.threshold
    ? undefined
    : 'signature error: signature weight does not exceed threshold';
}

/** sui-crypto's error for a signature of `scheme` that does not verify. */
function schemeFailure(scheme: SignatureScheme): string {
  return scheme === 'ED25519'
    ? 'signature error: Verification equation was not satisfied'
    : 'signature error';
}

function isSimple(scheme: SignatureScheme): scheme is 'ED25519' | 'Secp256k1' | 'Secp256r1' {
  return SIGNATURE_SCHEME_TO_FLAG[scheme] <= SIGNATURE_SCHEME_TO_FLAG.Secp256r1;
}
