// The Publish page's preview choice checked by the CLI's rule (core/deploy/preview-site.ts), so a
// name the page accepts is one `floe deploy --preview` accepts too, and finds the same site by.
import { isPreviewName, PREVIEW_NAME_RULE } from '../../../core/deploy/preview-site.ts';

export interface PreviewChoice {
  readonly enabled: boolean;
  readonly name: string;
}

/** The preview name to deploy to (null: the live site), or why the name is refused. */
export function previewName(choice: PreviewChoice): { name: string | null; error: string | null } {
  if (!choice.enabled) return { name: null, error: null };
  if (isPreviewName(choice.name)) return { name: choice.name, error: null };
  return {
    name: null,
    error: `The preview name must be ${PREVIEW_NAME_RULE}, at most 40 characters, not ${JSON.stringify(choice.name)}.`,
  };
}
