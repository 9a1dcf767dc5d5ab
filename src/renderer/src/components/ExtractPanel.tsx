/**
 * The extract task's controls: a column editor (name, path, type, list) pre-filled by inference
 * on the listed inputs, the table format, and a live preview of the first 20 rows. Everything it
 * edits lives in the job form, so it is remembered with the other job settings.
 */
import { useEffect, useState } from 'react';
import { EXTRACT_SAMPLE_INPUTS, type ExtractPreview } from '../../../shared/api';
import { type ColumnSpec, VALUE_TYPES } from '../../../shared/column-spec';
import { TABLE_FORMATS } from '../../../shared/tasks';
import { type JobForm, toJobOptions } from '../state/job-form';
import { useSession } from '../state/session-context';
import { useStoreSelector } from '../state/use-store';

interface ExtractPanelProps {
  form: JobForm;
  cores: number;
  disabled: boolean;
  onChange(patch: Partial<JobForm>): void;
}

/** The preview waits this long after the last edit before asking the backend. */
const PREVIEW_DELAY_MS = 300;

export function ExtractPanel({ form, cores, disabled, onChange }: ExtractPanelProps) {
  const session = useSession();
  const firstInput = useStoreSelector(session.inputs, (view) => view.entries[0]?.id ?? null);
  // The preview reads the leading inputs, so it follows them as they are listed or removed.
  const leadingInputs = useStoreSelector(session.inputs, (view) =>
    view.entries
      .slice(0, EXTRACT_SAMPLE_INPUTS)
      .map((entry) => entry.id)
      .join('\n'),
  );
  const [inferring, setInferring] = useState(false);
  const [preview, setPreview] = useState<ExtractPreview | string | null>(null);
  const columns = form.extractColumns;
  const rowTag = form.rowTag.trim() === '' ? 'auto' : form.rowTag.trim();

  const infer = async () => {
    setInferring(true);
    const inferred = await session.inferExtract({ rowTag, namespaces: [] });
    setInferring(false);
    if (inferred) onChange({ extractColumns: inferred.columns, rowTag: inferred.rowTag });
  };

  // Pre-filled from the first input as soon as there is one and no columns yet.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new first input re-infers
  useEffect(() => {
    if (firstInput !== null && columns.length === 0 && !disabled) void infer();
  }, [firstInput]);

  const options = toJobOptions({ ...form, task: 'extract' }, Math.max(1, cores));
  const optionsKey = JSON.stringify([options.rowTag, options.extract.columns]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key stands for the options
  useEffect(() => {
    if (firstInput === null || columns.length === 0) {
      setPreview(null);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      void session.previewExtract(options).then((answer) => {
        if (current) setPreview(answer);
      });
    }, PREVIEW_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [optionsKey, leadingInputs]);

  const edit = (index: number, patch: Partial<ColumnSpec>) =>
    onChange({
      extractColumns: columns.map((column, i) => (i === index ? { ...column, ...patch } : column)),
    });

  return (
    <fieldset className="extract-options" disabled={disabled} aria-label="Extract options">
      <legend className="visually-hidden">Extract options</legend>
      <div className="controls-row">
        <label className="field">
          <span className="field-label">Table format</span>
          <select
            value={form.tableFormat}
            onChange={(event) => {
              const value = event.currentTarget.value;
              onChange({ tableFormat: TABLE_FORMATS.find((f) => f === value) ?? form.tableFormat });
            }}
          >
            {TABLE_FORMATS.map((format) => (
              <option key={format} value={format}>
                {format.toUpperCase()}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void infer()} aria-busy={inferring}>
          Infer columns
        </button>
        <button
          type="button"
          onClick={() =>
            onChange({
              extractColumns: [
                ...columns,
                { name: `column${columns.length + 1}`, path: '.', type: 'string', list: false },
              ],
            })
          }
        >
          Add column
        </button>
      </div>
      <div className="column-editor-scroll">
        <table className="column-editor" aria-label="Columns">
          <colgroup>
            <col className="column-name" />
            <col className="column-path" />
            <col className="column-type" />
            <col className="column-list" />
            <col className="column-remove" />
          </colgroup>
          <thead>
            <tr>
              <th>Name</th>
              <th>Path</th>
              <th>Type</th>
              <th>List</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {columns.map((column, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place by position
              <tr key={i}>
                <td>
                  <input
                    type="text"
                    aria-label={`Column ${i + 1} name`}
                    value={column.name}
                    onChange={(event) => edit(i, { name: event.currentTarget.value })}
                  />
                </td>
                <td>
                  <input
                    type="text"
                    aria-label={`Column ${i + 1} path`}
                    value={column.path}
                    spellCheck={false}
                    onChange={(event) => edit(i, { path: event.currentTarget.value })}
                  />
                </td>
                <td>
                  <select
                    aria-label={`Column ${i + 1} type`}
                    value={column.type}
                    onChange={(event) => {
                      const value = event.currentTarget.value;
                      edit(i, { type: VALUE_TYPES.find((t) => t === value) ?? column.type });
                    }}
                  >
                    {VALUE_TYPES.map((type) => (
                      <option key={type} value={type}>
                        {type}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Column ${i + 1} is a list`}
                    checked={column.list}
                    onChange={(event) => edit(i, { list: event.currentTarget.checked })}
                  />
                </td>
                <td>
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Remove column ${i + 1}`}
                    onClick={() => onChange({ extractColumns: columns.filter((_, j) => j !== i) })}
                  >
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ExtractPreviewTable preview={preview} />
    </fieldset>
  );
}

function ExtractPreviewTable({ preview }: { preview: ExtractPreview | string | null }) {
  if (preview === null) return null;
  if (typeof preview === 'string') {
    return (
      <p className="muted" data-testid="extract-preview-error">
        {preview}
      </p>
    );
  }
  const count = preview.rows.length;
  // Said in words: without it, the table under the editor reads as the job's output.
  const caption =
    count === 0
      ? 'Preview: no records in the first inputs'
      : `Preview: the table's first ${count === 1 ? 'row' : `${count} rows`}`;
  return (
    <>
      <div className="field-label" id="extract-preview-label">
        {caption}
      </div>
      <div className="extract-preview">
        <table aria-labelledby="extract-preview-label" data-testid="extract-preview">
          <thead>
            <tr>
              {preview.columns.map((name) => (
                <th key={name}>{name}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((row, r) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: preview rows have no identity
              <tr key={r}>
                {row.map((cell, c) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: cells by position
                  <td key={c}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
