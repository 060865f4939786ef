// Errors of the Sui side of a site, split by how a caller reacts: a wrong object ID (tell the
// user), bytes that do not decode (the chain or package is not what we think), or an update we
// refuse to build because the Move code would abort on it anyway.

export class SuiSiteError extends Error {
  override name = 'SuiSiteError';
}

/** No object with this ID exists (or it was deleted, e.g. by `burn`). */
export class SiteNotFoundError extends SuiSiteError {
  override name = 'SiteNotFoundError';
  readonly siteId: string;

  constructor(siteId: string, options?: { cause?: unknown }) {
    super(`no Sui object ${siteId} (it does not exist or was deleted)`, options);
    this.siteId = siteId;
  }
}

/** The object exists but is not a `walrus_site::site::Site` of the expected package. */
export class NotASiteError extends SuiSiteError {
  override name = 'NotASiteError';
  readonly siteId: string;
  /** The type actually found on chain. */
  readonly foundType: string;

  constructor(siteId: string, foundType: string, expectedType: string) {
    super(`object ${siteId} is a ${foundType}, not a ${expectedType}`);
    this.siteId = siteId;
    this.foundType = foundType;
  }
}

/** On-chain bytes that do not decode as the walrus_site layouts say they should. */
export class SiteDecodeError extends SuiSiteError {
  override name = 'SiteDecodeError';
}

/** An update the walrus_site Move code would abort on (duplicate path, bad range, …). */
export class InvalidSiteUpdateError extends SuiSiteError {
  override name = 'InvalidSiteUpdateError';
}
