import { useSession } from '../state/session-context';
import { useStore } from '../state/use-store';

/** Explains, instead of failing silently, when the backend cannot be reached. */
export function BackendBanner() {
  const session = useSession();
  const availability = useStore(session.availability);
  if (availability.kind === 'ready') return null;
  if (availability.kind === 'connecting') {
    return (
      <div className="banner" data-tone="info" role="status">
        Connecting to the xmlpool backend…
      </div>
    );
  }
  return (
    <div className="banner" data-tone="error" role="alert" data-testid="backend-unavailable">
      <div>
        <strong>Backend unavailable.</strong> {availability.message}
        <div className="banner-hint">
          Start the app with <code>npm start</code>, or browser mode with <code>xmlpool serve</code>{' '}
          and open the address it prints.
        </div>
      </div>
      <button type="button" onClick={() => void session.load()}>
        Retry
      </button>
    </div>
  );
}
