// A deploy plan that changes nothing, with the fields a test cares about overridden.
import type { DeployPlan } from '../plan.ts';

export function deployPlan(overrides: Partial<DeployPlan> = {}): DeployPlan {
  return {
    upload: [],
    unchanged: [],
    rewrite: [],
    remove: [],
    extend: [],
    reuploadReasons: new Map(),
    routes: null,
    redirects: null,
    name: null,
    metadata: null,
    ...overrides,
  };
}
