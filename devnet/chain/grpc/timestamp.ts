// google.protobuf.Timestamp from the millisecond counts the chain records.

export function timestamp(milliseconds: bigint | number): { seconds: bigint; nanos: number } {
  const ms = BigInt(milliseconds);
  return { seconds: ms / 1000n, nanos: Number(ms % 1000n) * 1_000_000 };
}
