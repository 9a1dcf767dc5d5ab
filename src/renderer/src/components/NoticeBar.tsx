import { useSession } from '../state/session-context';
import { useStore } from '../state/use-store';

/** The latest notice, announced politely; its box is always there so the header never shifts. */
export function NoticeBar() {
  const session = useSession();
  const notice = useStore(session.notice);
  return (
    <div className="notice-bar" aria-live="polite" aria-atomic="true">
      {notice && (
        <div className="notice" data-tone={notice.tone} data-testid="notice">
          <span className="notice-text" title={notice.text}>
            {notice.text}
          </span>
          <button
            type="button"
            className="icon-button"
            aria-label="Dismiss notice"
            onClick={() => session.notice.dismiss()}
          >
            ×
          </button>
        </div>
      )}
    </div>
  );
}
