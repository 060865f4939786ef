// "Deploy as preview": the folder goes to a separate site of the connected address named after
// the live one and the preview name, as `floe deploy --preview <name>` does, so a change can be
// looked at before the live site gets it (Promote, below).
import { previewName, type PreviewChoice } from './preview-name.ts';

export function PreviewOption(props: {
  readonly choice: PreviewChoice;
  readonly onChange: (choice: PreviewChoice) => void;
}) {
  const { choice, onChange } = props;
  const { error } = previewName(choice);
  return (
    <div className="form-row preview-option">
      <label className="checkbox">
        <input
          type="checkbox"
          data-testid="preview-toggle"
          checked={choice.enabled}
          onChange={(event) => onChange({ ...choice, enabled: event.currentTarget.checked })}
        />{' '}
        Deploy as preview
      </label>
      {choice.enabled ? (
        <label>
          Preview name
          <input
            data-testid="preview-name-input"
            value={choice.name}
            placeholder="staging"
            aria-invalid={error !== null}
            onChange={(event) => onChange({ ...choice, name: event.currentTarget.value.trim() })}
          />
        </label>
      ) : null}
      {choice.enabled && error && choice.name !== '' ? (
        <p className="error" role="alert" data-testid="preview-name-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
