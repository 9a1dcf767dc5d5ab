import type { EventsConnection } from '../api/browser-client';
import { useSession } from '../state/session-context';
import { useStore, useStoreSelector } from '../state/use-store';
import type { ValueStore } from '../state/value-store';

interface ConnectionBannerProps {
  connection: ValueStore<EventsConnection>;
}

/**
 * Browser mode: says so when `xmlpool serve` can no longer be reached (stopped, or the machine
 * slept), instead of leaving a run's progress frozen on screen. It goes away by itself when the
 * page reconnects.
 */
export function ConnectionBanner({ connection }: ConnectionBannerProps) {
  const session = useSession();
  const state = useStore(connection);
  // When the backend was never reached, BackendBanner already says so.
  const unavailable = useStoreSelector(session.availability, (a) => a.kind === 'unavailable');
  if (state !== 'lost' || unavailable) return null;
  return (
    <div className="banner" data-tone="error" role="alert" data-testid="connection-lost">
      <div>
        <strong>Lost the connection to the xmlpool server.</strong> Reconnecting…
        <div className="banner-hint">
          If <code>xmlpool serve</code> was stopped, start it again and open the address it prints.
        </div>
      </div>
    </div>
  );
}
