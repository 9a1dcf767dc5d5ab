import type { JobForm } from '../state/job-form';
import { CheckboxField } from './CheckboxField';
import { TextField } from './TextField';

interface ConvertOptionsFieldsProps {
  form: JobForm;
  disabled: boolean;
  onChange(patch: Partial<JobForm>): void;
}

export function ConvertOptionsFields({ form, disabled, onChange }: ConvertOptionsFieldsProps) {
  return (
    <fieldset className="convert-options" disabled={disabled}>
      <legend className="visually-hidden">Convert options</legend>
      <TextField
        className="short"
        label="Attribute prefix"
        value={form.attributePrefix}
        onChange={(attributePrefix) => onChange({ attributePrefix })}
      />
      <TextField
        className="short"
        label="Text node name"
        value={form.textNodeName}
        onChange={(textNodeName) => onChange({ textNodeName })}
      />
      <TextField
        className="wide"
        label="Always-array paths"
        placeholder="catalog.book, catalog.book.author"
        hint="Dot-separated element paths, separated by commas"
        value={form.alwaysArray}
        onChange={(alwaysArray) => onChange({ alwaysArray })}
      />
      <div className="checkbox-stack">
        <CheckboxField
          label="Parse numbers"
          checked={form.parseNumbers}
          onChange={(parseNumbers) => onChange({ parseNumbers })}
        />
        <CheckboxField
          label="Parse booleans"
          checked={form.parseBooleans}
          onChange={(parseBooleans) => onChange({ parseBooleans })}
        />
      </div>
    </fieldset>
  );
}
