import { VERSION } from '../../../shared/version';
import { useSession } from '../state/session-context';
import { useStore } from '../state/use-store';
import { NoticeBar } from './NoticeBar';

export function AppHeader() {
  const session = useSession();
  const availability = useStore(session.availability);
  const info = availability.kind === 'ready' ? availability.info : null;
  return (
    <header className="app-header">
      <div className="brand">
        <h1>xmlpool</h1>
        <span className="brand-meta" role="status">
          {info
            ? `v${info.version} · ${info.mode} · ${info.cores} ${info.cores === 1 ? 'core' : 'cores'}`
            : `v${VERSION}${availability.kind === 'connecting' ? ' · connecting…' : ''}`}
        </span>
      </div>
      <NoticeBar />
      <button
        type="button"
        className="icon-button help-button"
        aria-label="Keyboard shortcuts"
        title="Keyboard shortcuts (?)"
        onClick={() => session.shortcutsOpen.set(true)}
      >
        ?
      </button>
    </header>
  );
}
