// The error of a devnet shape that cannot be made or does not match the one on disk.

export class PlanError extends Error {
  override name = 'PlanError';
}
