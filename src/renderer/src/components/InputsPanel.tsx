import { useId } from 'react';
import { formatInputCount } from '../format';
import { isActive } from '../state/session';
import { useSession } from '../state/session-context';
import { useStore, useStoreSelector } from '../state/use-store';
import { InputList } from './InputList';
import { UploadStrip } from './UploadStrip';

export function InputsPanel() {
  const session = useSession();
  const headingId = useId();
  const running = useStoreSelector(session.job, (job) => isActive(job.state));
  const ready = useStoreSelector(session.availability, (a) => a.kind === 'ready');
  const view = useStore(session.inputs);
  const count = view.entries.length;

  return (
    <section className="panel inputs-panel" aria-labelledby={headingId}>
      <div className="panel-header">
        <h2 id={headingId}>Inputs</h2>
        <span className="muted numeric" data-testid="input-count">
          {formatInputCount(count, view.totalBytes)}
        </span>
      </div>
      <div className="toolbar">
        <button type="button" disabled={!ready} onClick={() => session.pick('files')}>
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
