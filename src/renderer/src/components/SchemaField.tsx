import { useId } from 'react';
import type { SchemaPick } from '../../../shared/client';
import type { SchemaMode } from '../../../shared/tasks';
import { checkLabel, isSchemaMode } from '../state/schema-choice';
import { useSession } from '../state/session-context';
import { useStore } from '../state/use-store';
import { RadioGroup } from './RadioGroup';
import { TextField } from './TextField';

const MODES: ReadonlyArray<{ value: SchemaMode; label: string }> = [
  { value: 'none', label: 'None' },
  { value: 'auto', label: 'From each document' },
  { value: 'file', label: 'File' },
];

interface SchemaFieldProps {
  disabled: boolean;
}

/**
 * The validate task's schema: none (well-formedness only), each document's own, or a chosen
 * file; an optional catalog; how many errors to list per file. The chosen schema can also come
 * from a drop on the window (see Session.addDropped).
 */
export function SchemaField({ disabled }: SchemaFieldProps) {
  const session = useSession();
  const choice = useStore(session.schema);
  return (
    <div className="controls-row schema-field" data-testid="schema-field">
      <RadioGroup
        label="Schema"
        name="schema-mode"
        value={choice.mode}
        options={MODES}
        disabled={disabled}
        onChange={(mode) => {
          if (isSchemaMode(mode)) session.setSchema({ mode });
        }}
      />
      {choice.mode === 'file' && (
        <PickedFile
          label="Schema file"
          button="Choose schema…"
          pick={choice.schema}
          disabled={disabled}
          onPick={() => session.pickSchema('schema')}
          onChoose={(schema) => session.setSchema({ schema })}
        />
      )}
      {choice.mode !== 'none' && (
        <>
          <PickedFile
            label="Catalog"
            button="Catalog…"
            pick={choice.catalog}
            disabled={disabled}
            onPick={() => session.pickSchema('catalog')}
            onChoose={(catalog) => session.setSchema({ catalog })}
            onClear={() => session.setSchema({ catalog: null })}
          />
          <TextField
            className="short"
            label="Max errors"
            hint="Validity errors listed per file; the rest are counted"
            value={choice.maxErrors}
            disabled={disabled}
            onChange={(maxErrors) => session.setSchema({ maxErrors })}
          />
        </>
      )}
      <span className="check-label muted" data-testid="task-label">
        {checkLabel(choice)}
      </span>
    </div>
  );
}

interface PickedFileProps {
  label: string;
  button: string;
  pick: SchemaPick | null;
  disabled: boolean;
  onPick(): void;
  onChoose(pick: SchemaPick): void;
  onClear?(): void;
}

/** A picker button, what it picked, and, after a folder upload, which of its files to use. */
function PickedFile({ label, button, pick, disabled, onPick, onChoose, onClear }: PickedFileProps) {
  const id = useId();
  return (
    <div className="field picked-file">
      <span className="field-label" id={id}>
        {label}
      </span>
      <div className="picked-file-row">
        <button type="button" disabled={disabled} onClick={onPick}>
          {button}
        </button>
        {pick !== null && pick.candidates.length > 1 ? (
          <select
            aria-labelledby={id}
            value={pick.chosen.file}
            disabled={disabled}
            onChange={(event) => {
              const chosen = pick.candidates.find((c) => c.file === event.currentTarget.value);
              if (chosen) onChoose({ ...pick, chosen });
            }}
          >
            {pick.candidates.map((candidate) => (
              <option key={candidate.file} value={candidate.file}>
                {candidate.name}
              </option>
            ))}
          </select>
        ) : (
          <span className="picked-file-name" data-testid="picked-name" title={pick?.chosen.file}>
            {pick?.chosen.name ?? 'none'}
          </span>
        )}
        {onClear && pick !== null && (
          <button
            type="button"
            disabled={disabled}
            aria-label={`Remove ${label.toLowerCase()}`}
            onClick={onClear}
          >
            ×
          </button>
        )}
      </div>
    </div>
  );
}
