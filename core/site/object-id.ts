// Sui object IDs as `ws-resources.json` may spell them. site-builder reads `object_id` with Sui's
// human-readable `ObjectID` deserializer: with a `0x` prefix up to 64 hex digits, left-padded
// (`0x2` is the framework's `0x00…02`); without it exactly 64. Upper case hex is accepted.

const PREFIXED = /^0x([0-9a-fA-F]{1,64})$/;
const BARE = /^[0-9a-fA-F]{64}$/;

/** `0x` + 64 lowercase hex digits, or null when `value` is not an object ID. */
export function normalizeObjectId(value: string): string | null {
  const prefixed = PREFIXED.exec(value);
  const hex = prefixed !== null ? prefixed[1]! : BARE.test(value) ? value : null;
  return hex === null ? null : `0x${hex.toLowerCase().padStart(64, '0')}`;
}
