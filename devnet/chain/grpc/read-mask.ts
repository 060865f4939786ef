// `read_mask` (google.protobuf.FieldMask) as Sui's gRPC API applies it (MystenLabs/sui-rust-sdk
// `sui-rpc` FieldMaskTree): paths are snake_case field names joined by `.`, `*` selects everything,
// a path also selects everything below it, and an absent mask means the method's default paths.
// Every handler that renders a message asks the mask before filling a field:
//
//   const mask = ReadMask.from(request.readMask, 'object_id,version,digest', GrpcTypes.Object);
//   if (mask.has('owner')) object.owner = …;          // `owner` or `owner.kind` … was asked for
//   const sub = mask.sub('system_state');             // the paths below `system_state`, if any
import type { GrpcTypes } from '@mysten/sui/grpc';
import { invalidArgument } from './status.ts';

/** What the generated request types carry as `readMask`. */
export interface FieldMaskLike {
  readonly paths: readonly string[];
}

/** A generated message type (e.g. `GrpcTypes.Object`), used to reject paths it has no field for. */
export interface MaskedMessage {
  readonly typeName: string;
  readonly fields: readonly FieldInfo[];
}
type FieldInfo = (typeof GrpcTypes.Object)['fields'][number];

/** A node's children by field name; a node without children selects everything below it. */
type Node = Map<string, Node>;

const WILDCARD = '*';

export class ReadMask {
  readonly #wildcard: boolean;
  readonly #root: Node;

  private constructor(wildcard: boolean, root: Node) {
    this.#wildcard = wildcard;
    this.#root = root;
  }

  /**
   * The mask a request asked for, or `defaults` (comma-separated paths) when it sent none. With
   * `message`, every path must name fields of it, as Sui validates masks.
   * @throws GrpcStatusError INVALID_ARGUMENT `invalid read_mask path: …`
   */
  static from(mask: FieldMaskLike | undefined, defaults: string, message?: MaskedMessage): ReadMask {
    const paths = mask ? mask.paths : defaults.split(',');
    if (message) {
      for (const path of paths)
        if (!isValidPath(path, message)) throw invalidArgument(`invalid read_mask path: ${path}`);
    }
    return ReadMask.of(paths);
  }

  /** A mask of exactly `paths` (no defaults, no validation). */
  static of(paths: readonly string[]): ReadMask {
    const root: Node = new Map();
    for (const path of paths) {
      if (path === WILDCARD) return ReadMask.all();
      if (path) addPath(root, path.split('.'));
    }
    return new ReadMask(false, root);
  }

  /** Selects every field at every depth. */
  static all(): ReadMask {
    return new ReadMask(true, new Map());
  }

  /**
   * Whether `path` (e.g. `owner`, `system_state.epoch`) is selected: it, a parent of it, or
   * something below it was asked for. A message field is filled when `has` is true for it.
   */
  has(path: string): boolean {
    if (!path) return false;
    if (this.#wildcard) return true;
    let node = this.#root;
    for (const part of path.split('.')) {
      if (node !== this.#root && node.size === 0) return true;
      const child = node.get(part);
      if (!child) return false;
      node = child;
    }
    return true;
  }

  /**
   * The mask relative to the message at `path` (for rendering a nested message), or undefined
   * if nothing at or below `path` is selected. Selecting `path` itself selects all of it.
   */
  sub(path: string): ReadMask | undefined {
    if (!path) return undefined;
    if (this.#wildcard) return this;
    let node = this.#root;
    for (const part of path.split('.')) {
      const child = node.get(part);
      if (!child) return node !== this.#root && node.size === 0 ? ReadMask.all() : undefined;
      node = child;
    }
    return node.size === 0 ? ReadMask.all() : new ReadMask(false, node);
  }
}

/** Adds a path; a shorter selected path already covers longer ones, and replaces them. */
function addPath(root: Node, parts: readonly string[]): void {
  let node = root;
  let created = false;
  for (const part of parts) {
    if (!created && node !== root && node.size === 0) return;
    let child = node.get(part);
    if (!child) {
      child = new Map();
      node.set(part, child);
      created = true;
    }
    node = child;
  }
  node.clear();
}

function isValidPath(path: string, message: MaskedMessage): boolean {
  if (path === WILDCARD) return true;
  let fields: readonly FieldInfo[] | undefined = message.fields;
  for (const part of path.split('.')) {
    const field: FieldInfo | undefined = fields?.find((f) => f.name === part);
    if (!field) return false;
    fields = field.kind === 'message' ? (field.T() as MaskedMessage).fields : undefined;
  }
  return true;
}
