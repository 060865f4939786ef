// Progress of a deploy, as a stream of events. The pipeline emits them; the CLI renders them as
// bars or plain lines and the browser's Publish page as its own widgets.

export type DeployPhase = 'scan' | 'plan' | 'encode' | 'register' | 'upload' | 'certify' | 'commit';

export type DeployEvent =
  /** A phase begins; `total` is in `unit`s when known. */
  | {
      readonly type: 'phase';
      readonly phase: DeployPhase;
      readonly total: number;
      readonly unit: 'files' | 'bytes' | 'quilts' | 'blobs' | 'slivers' | 'transactions';
    }
  /** `done` of the current phase's `total` are finished. */
  | { readonly type: 'progress'; readonly phase: DeployPhase; readonly done: number; readonly total: number }
  /** Upload progress of one storage node (slivers stored of those it owns); `error` once it failed. */
  | {
      readonly type: 'node';
      readonly node: string;
      readonly done: number;
      readonly total: number;
      readonly error?: string;
    }
  /** A phase ended after `ms`. */
  | { readonly type: 'phase-done'; readonly phase: DeployPhase; readonly ms: number }
  /** Something the user should read (a warning, a decision the pipeline made). */
  | { readonly type: 'note'; readonly level: 'info' | 'warn'; readonly message: string };

export type DeployListener = (event: DeployEvent) => void;
