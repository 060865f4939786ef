// Contracts between the RPC layer and the rest of the devnet.

/** JSON-RPC handlers by method name; `params` is the request's positional parameter array. */
export type RpcMethods = Record<string, (params: unknown[]) => unknown>;

/**
 * Move-layout knowledge the RPC layer borrows from the runtime, to render BCS as Sui's JSON.
 * Primitive, string, address, ID, Option and vector values are handled without it.
 */
export interface ContentRenderer {
  /**
   * A Move struct value as Sui's JSON `fields` (u64 and wider as strings, nested structs as
   * `{type, fields}`), or undefined when the layout of `type` is unknown.
   */
  fields(type: string, contents: Uint8Array): unknown;
  /**
   * Decodes the value of Move type `type` at the start of `bytes` (a dynamic-field name inside a
   * `Field` object): its JSON form and how many bytes it occupies; undefined if unknown.
   */
  nameValue?(
    type: string,
    bytes: Uint8Array,
  ): { readonly json: unknown; readonly length: number } | undefined;
  /** BCS of a Move value of type `type` given as JSON (a dynamic-field name); undefined if unknown. */
  nameBcs?(type: string, json: unknown): Uint8Array | undefined;
}
