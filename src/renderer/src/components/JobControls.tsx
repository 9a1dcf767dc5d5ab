import { NO_UPLOADS } from '../api/upload-activity';
import { schemaProblem } from '../state/schema-choice';
import { isActive } from '../state/session';
import { useSession } from '../state/session-context';
import { useStore, useStoreSelector } from '../state/use-store';
import { BackendToggle } from './BackendToggle';
import { ClusterFields } from './ClusterFields';
import { ConvertOptionsFields } from './ConvertOptionsFields';
import { ExtractPanel } from './ExtractPanel';
import { RowTagHint } from './RowTagHint';
import { SchemaField } from './SchemaField';
import { TaskPicker } from './TaskPicker';
import { TextField } from './TextField';
import { WorkersSlider } from './WorkersSlider';

export function JobControls() {
  const session = useSession();
  const form = useStore(session.form);
  const cores = useStoreSelector(session.availability, (a) =>
    a.kind === 'ready' ? a.info.cores : 0,
  );
  const jobState = useStoreSelector(session.job, (job) => job.state);
  const inputCount = useStoreSelector(session.inputs, (view) => view.entries.length);
  // A Start while files are still uploading would run without them.
  const uploading = useStoreSelector(
    session.browser?.uploads.progress ?? NO_UPLOADS,
    (progress) => progress !== null,
  );
  const schema = useStoreSelector(session.schema, (choice) => choice);
  const notReady = schemaProblem(schema, form.task);
  const ready = cores > 0;
  const running = isActive(jobState);
  const update = (patch: Parameters<typeof session.updateForm>[0]) => session.updateForm(patch);

  return (
    <section className="panel job-controls" aria-label="Job">
      <div className="controls-row">
        <TaskPicker
          value={form.task}
          disabled={!ready || running}
          onChange={(task) => update({ task })}
        />
        <TextField
          className="short"
          label="Row tag"
          placeholder="none"
          hint="Record element for splitting a huge file; auto detects it; empty never splits"
          value={form.rowTag}
          disabled={!ready || running}
          onChange={(rowTag) => update({ rowTag })}
        />
        <BackendToggle
          value={form.backend}
          disabled={!ready || running}
          onChange={(backend) => update({ backend })}
        />
        <WorkersSlider
          value={form.workers}
          max={Math.max(1, cores)}
          disabled={!ready}
          onChange={(workers) => session.setWorkers(workers)}
        />
        <div className="run-buttons">
          <button
            type="button"
            className="primary"
            disabled={!ready || running || inputCount === 0 || uploading || notReady !== null}
            title={
              uploading
                ? 'Available once the files being added are uploaded'
                : (notReady ?? 'Start (Ctrl+Enter)')
            }
            onClick={() => session.startFromForm()}
          >
            Start
          </button>
          <button
            type="button"
            className="danger"
            disabled={jobState !== 'running'}
            title="Cancel (Esc)"
            onClick={() => void session.cancel()}
          >
            Cancel
          </button>
        </div>
      </div>
      <RowTagHint rowTag={form.rowTag} workers={form.workers} disabled={!ready || running} />
      {form.backend === 'cluster' && (
        <ClusterFields
          form={form.cluster}
          disabled={!ready || running}
          onChange={(patch) => update({ cluster: { ...form.cluster, ...patch } })}
        />
      )}
      {form.task === 'validate' && <SchemaField disabled={!ready || running} />}
      {form.task === 'convert' && (
        <ConvertOptionsFields form={form} disabled={!ready || running} onChange={update} />
      )}
      {form.task === 'extract' && (
        <ExtractPanel form={form} cores={cores} disabled={!ready || running} onChange={update} />
      )}
    </section>
  );
}
