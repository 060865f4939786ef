// psl ships types (psl/types/index.d.ts) that its package.json "exports" does not point to, so
// TypeScript cannot find them; this is the part of them public-suffix.ts uses.
declare module 'psl' {
  export interface ParsedDomain {
    readonly input: string;
    readonly tld: string | null;
    readonly sld: string | null;
    /** The registrable domain; null when the input is itself a public suffix. */
    readonly domain: string | null;
    readonly subdomain: string | null;
    /** Whether the suffix is on the list (else only the default `*` rule matched). */
    readonly listed: boolean;
  }
  export interface ParseError {
    readonly input: string;
    readonly error: { readonly code: string; readonly message: string };
  }
  export function parse(input: string): ParsedDomain | ParseError;
}
