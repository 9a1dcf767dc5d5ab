import { useEffect, useState } from 'react';
import { api, browserActivity } from './api';
import { AppHeader } from './components/AppHeader';
import { BackendBanner } from './components/BackendBanner';
import { CancelConfirmation } from './components/CancelConfirmation';
import { ConnectionBanner } from './components/ConnectionBanner';
import { DropOverlay } from './components/DropOverlay';
import { InputsPanel } from './components/InputsPanel';
import { ResultsArea } from './components/ResultsArea';
import { RunPanel } from './components/RunPanel';
import { ShortcutsOverlay } from './components/ShortcutsOverlay';
import { TimelinePanel } from './components/TimelinePanel';
import { useInputsFolded } from './state/layout';
import { Session } from './state/session';
import { SessionContext, useSession } from './state/session-context';
import { useShortcuts } from './state/use-shortcuts';

export function App() {
  const [session] = useState(() => new Session(api, browserActivity));
  useEffect(() => session.connect(), [session]);

  return (
    <SessionContext value={session}>
      <Workspace />
    </SessionContext>
  );
}

/**
 * The window: header, banners, then the Inputs panel (or its folded rail) beside the run column:
 * job controls, progress, the timeline of the run, and the results area, whose tabs host every
 * view of the results.
 */
function Workspace() {
  const session = useSession();
  useShortcuts(session);
  const folded = useInputsFolded();
  return (
    <div className="app">
      <AppHeader />
      <BackendBanner />
      {session.browser && <ConnectionBanner connection={session.browser.connection} />}
      <main className="workspace" data-inputs={folded ? 'folded' : 'open'}>
        <InputsPanel folded={folded} />
        <div className="run-column">
          <RunPanel />
          <TimelinePanel />
          <ResultsArea />
        </div>
      </main>
      <DropOverlay />
      <ShortcutsOverlay />
      <CancelConfirmation />
    </div>
  );
}
