import { useId } from 'react';
import { NO_UPLOADS } from '../api/upload-activity';
import { formatCount, formatInputCount } from '../format';
import { isActive } from '../state/session';
import { useSession } from '../state/session-context';
import { useStore, useStoreSelector } from '../state/use-store';
import { InputList } from './InputList';
import { UploadStrip } from './UploadStrip';

/** The folded rail's add buttons: a page and a folder outline, each with a plus. */
const RAIL_ADDS = [
  {
    kind: 'files',
    label: 'Add files…',
    title: 'Add files (Ctrl+O)',
    outline: 'M4 1.5h5l3.5 3.5v9.5h-8.5z M9 1.5v3.5h3.5',
  },
  {
    kind: 'folder',
    label: 'Add folder…',
    title: 'Add folder',
    outline: 'M1.5 3.5h5l1.5 1.5h6.5v8.5h-13z',
  },
] as const;

interface InputsPanelProps {
  /** Folded into a narrow rail (a narrow window, or the user's choice). */
  folded: boolean;
}

export function InputsPanel({ folded }: InputsPanelProps) {
  const session = useSession();
  const headingId = useId();
  const running = useStoreSelector(session.job, (job) => isActive(job.state));
  const ready = useStoreSelector(session.availability, (a) => a.kind === 'ready');
  const view = useStore(session.inputs);
  const uploading = useStoreSelector(
    session.browser?.uploads.progress ?? NO_UPLOADS,
    (progress) => progress !== null,
  );
  const count = view.entries.length;

  if (folded) {
    return (
      <section className="panel inputs-rail" aria-label="Inputs">
        <button
          type="button"
          className="rail-toggle"
          aria-expanded={false}
          title="Show the inputs"
          onClick={() => session.inputsFolded.set(false)}
        >
          <span aria-hidden="true">»</span>
          <span className="rail-label">
            Inputs <span className="numeric">{formatCount(count)}</span>
            {uploading ? ' · uploading' : ''}
          </span>
        </button>
        {RAIL_ADDS.map(({ kind, label, title, outline }) => (
          <button
            key={kind}
            type="button"
            className="icon-button rail-add"
            aria-label={label}
            title={title}
            disabled={!ready}
            onClick={() => session.pick(kind)}
          >
            <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
              <path d={outline} fill="none" stroke="currentColor" />
              <path d="M8 7.5v5M5.5 10h5" stroke="currentColor" />
            </svg>
          </button>
        ))}
      </section>
    );
  }

  return (
    <section className="panel inputs-panel" aria-labelledby={headingId}>
      <div className="panel-header">
        <h2 id={headingId}>Inputs</h2>
        <span className="muted numeric" data-testid="input-count">
          {formatInputCount(count, view.totalBytes)}
        </span>
        <span className="panel-header-end">
          <button
            type="button"
            className="icon-button"
            aria-expanded={true}
            aria-label="Hide the inputs"
            title="Hide the inputs"
            onClick={() => session.inputsFolded.set(true)}
          >
            «
          </button>
        </span>
      </div>
      <div className="toolbar">
        <button
          type="button"
          disabled={!ready}
          title="Add files (Ctrl+O)"
          onClick={() => session.pick('files')}
        >
          Add files…
        </button>
        <button type="button" disabled={!ready} onClick={() => session.pick('folder')}>
          Add folder…
        </button>
        <button
          type="button"
          className="subtle"
          disabled={!ready || running || count === 0}
          onClick={() => void session.clear()}
        >
          Clear inputs
        </button>
      </div>
      {session.browser && <UploadStrip uploads={session.browser.uploads} />}
      <InputList view={view} canRemove={ready && !running} />
    </section>
  );
}
