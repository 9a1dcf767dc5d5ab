import { useSession } from '../state/session-context';
import { useStore } from '../state/use-store';

/**
 * Explains, instead of failing silently, when the backend cannot be reached. (While connecting,
 * which usually takes a moment, the header says so: a banner there would push the whole window
 * down and back up on every start.)
 */
export function BackendBanner() {
  const session = useSession();
  const availability = useStore(session.availability);
  if (availability.kind !== 'unavailable') return null;
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
