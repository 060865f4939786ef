// The Publish page's deploy as state: idle → planning (scan, plan, encode) → awaiting the user's
// go-ahead with the plan and cost → deploying (register, upload per node, certify, commit) → done,
// or failed/cancelled. Pure reducer over the pipeline's events, so the page only renders it.
import type { DeployEvent, DeployPhase } from '../../../core/deploy/events.ts';
import type { DeployResult } from '../../../core/deploy/pipeline.ts';
import type { PreviewTarget } from './preview-target.ts';

export interface PhaseProgress {
  readonly phase: DeployPhase;
  readonly done: number;
  readonly total: number;
  readonly unit: string;
  readonly ms: number | null;
}

export interface NodeProgress {
  readonly node: string;
  readonly done: number;
  readonly total: number;
  readonly error: string | null;
}

export type DeployStage = 'idle' | 'planning' | 'review' | 'deploying' | 'done' | 'failed' | 'cancelled';

export interface DeployState {
  readonly stage: DeployStage;
  readonly phases: readonly PhaseProgress[];
  readonly nodes: readonly NodeProgress[];
  readonly notes: readonly string[];
  /** The plan and cost awaiting confirmation (review) or the final result (done). */
  readonly result: DeployResult | null;
  readonly error: string | null;
  /** Set when the deploy goes to a preview site rather than the live one. */
  readonly preview: PreviewTarget | null;
}

export const INITIAL: DeployState = {
  stage: 'idle',
  phases: [],
  nodes: [],
  notes: [],
  result: null,
  error: null,
  preview: null,
};

export type DeployAction =
  | { readonly type: 'start' }
  | { readonly type: 'reset' }
  | { readonly type: 'event'; readonly event: DeployEvent }
  | { readonly type: 'preview'; readonly preview: PreviewTarget }
  | { readonly type: 'review'; readonly preview: DeployResult }
  | { readonly type: 'confirmed' }
  | { readonly type: 'done'; readonly result: DeployResult }
  | { readonly type: 'failed'; readonly error: string }
  | { readonly type: 'cancelled' };

export function deployReducer(state: DeployState, action: DeployAction): DeployState {
  switch (action.type) {
    case 'start':
      return { ...INITIAL, stage: 'planning' };
    case 'reset':
      return INITIAL;
    case 'preview':
      return { ...state, preview: action.preview };
    case 'review':
      return { ...state, stage: 'review', result: action.preview };
    case 'confirmed':
      return { ...state, stage: 'deploying' };
    case 'done':
      return { ...state, stage: 'done', result: action.result };
    case 'failed':
      return { ...state, stage: 'failed', error: action.error };
    case 'cancelled':
      return { ...state, stage: 'cancelled' };
    case 'event':
      return applyEvent(state, action.event);
  }
}

function applyEvent(state: DeployState, event: DeployEvent): DeployState {
  switch (event.type) {
    case 'phase': {
      const phases = state.phases.filter((p) => p.phase !== event.phase);
      const nodes = event.phase === 'upload' ? [] : state.nodes;
      return {
        ...state,
        nodes,
        phases: [...phases, { phase: event.phase, done: 0, total: event.total, unit: event.unit, ms: null }],
      };
    }
    case 'progress':
      return {
        ...state,
        phases: state.phases.map((p) =>
          p.phase === event.phase ? { ...p, done: event.done, total: event.total } : p,
        ),
      };
    case 'phase-done':
      return {
        ...state,
        phases: state.phases.map((p) =>
          p.phase === event.phase ? { ...p, done: p.total, ms: event.ms } : p,
        ),
      };
    case 'node': {
      const others = state.nodes.filter((n) => n.node !== event.node);
      const next: NodeProgress = {
        node: event.node,
        done: event.done,
        total: event.total,
        error: event.error ?? null,
      };
      return { ...state, nodes: [...others, next].sort((a, b) => (a.node < b.node ? -1 : 1)) };
    }
    case 'note':
      return { ...state, notes: [...state.notes, `${event.level}: ${event.message}`] };
  }
}
