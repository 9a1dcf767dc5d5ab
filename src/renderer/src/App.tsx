import { useEffect, useState } from 'react';
import { api, browserActivity } from './api';
import { AppHeader } from './components/AppHeader';
import { BackendBanner } from './components/BackendBanner';
import { ConnectionBanner } from './components/ConnectionBanner';
import { DropOverlay } from './components/DropOverlay';
import { InputsPanel } from './components/InputsPanel';
import { ResultsPanel } from './components/ResultsPanel';
import { RunPanel } from './components/RunPanel';
import { TimelinePanel } from './components/TimelinePanel';
import { Session } from './state/session';
import { SessionContext } from './state/session-context';

export function App() {
  const [session] = useState(() => new Session(api, browserActivity));
  useEffect(() => session.connect(), [session]);

  return (
    <SessionContext value={session}>
      <div className="app">
        <AppHeader />
        <BackendBanner />
        {session.browser && <ConnectionBanner connection={session.browser.connection} />}
        <main className="workspace">
          <InputsPanel />
          <div className="run-column">
            <RunPanel />
            <TimelinePanel />
            <ResultsPanel />
          </div>
        </main>
        <DropOverlay />
      </div>
    </SessionContext>
  );
}
