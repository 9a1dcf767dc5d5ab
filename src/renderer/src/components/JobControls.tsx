import { useEffect, useState } from 'react';
import type { UploadProgress } from '../api/upload-activity';
import { loadJobForm, saveJobForm } from '../state/form-storage';
import { clampWorkers, type JobForm, toJobOptions } from '../state/job-form';
import { isActive } from '../state/session';
import { useSession } from '../state/session-context';
import { useStoreSelector } from '../state/use-store';
import { ValueStore } from '../state/value-store';
import { BackendToggle } from './BackendToggle';
import { ConvertOptionsFields } from './ConvertOptionsFields';
import { ExtractPanel } from './ExtractPanel';
import { TaskPicker } from './TaskPicker';
import { TextField } from './TextField';
import { WorkersSlider } from './WorkersSlider';

/** The desktop app adds paths at once: it never uploads. */
const NO_UPLOADS = new ValueStore<UploadProgress | null>(null);

interface JobControlsProps {
  /** The slider's maximum; 0 while the backend is unavailable. */
  cores: number;
}

export function JobControls({ cores }: JobControlsProps) {
  const session = useSession();
  const [form, setForm] = useState<JobForm>(() => loadJobForm(Math.max(1, cores)));
  useEffect(() => {
    if (cores > 0) saveJobForm(form);
  }, [form, cores]);
  const jobState = useStoreSelector(session.job, (job) => job.state);
  const inputCount = useStoreSelector(session.inputs, (view) => view.entries.length);
  // A Start while files are still uploading would run without them.
  const uploading = useStoreSelector(
    session.browser?.uploads.progress ?? NO_UPLOADS,
    (progress) => progress !== null,
  );
  const ready = cores > 0;
  const running = isActive(jobState);
  const update = (patch: Partial<JobForm>) => setForm((current) => ({ ...current, ...patch }));

  const changeWorkers = (value: number) => {
    const workers = clampWorkers(value, cores);
    update({ workers });
    void session.resize(workers);
  };

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
      </div>
      {form.task === 'convert' && (
        <ConvertOptionsFields form={form} disabled={!ready || running} onChange={update} />
      )}
      {form.task === 'extract' && (
        <ExtractPanel form={form} cores={cores} disabled={!ready || running} onChange={update} />
      )}
      <div className="controls-row">
        <WorkersSlider
          value={form.workers}
          max={Math.max(1, cores)}
          disabled={!ready}
          onChange={changeWorkers}
        />
        <div className="run-buttons">
          <button
            type="button"
            className="primary"
            disabled={!ready || running || inputCount === 0 || uploading}
            title={uploading ? 'Available once the files being added are uploaded' : undefined}
            onClick={() => void session.start(toJobOptions(form, cores))}
          >
            Start
          </button>
          <button
            type="button"
            className="danger"
            disabled={jobState !== 'running'}
            onClick={() => void session.cancel()}
          >
            Cancel
          </button>
        </div>
      </div>
    </section>
  );
}
