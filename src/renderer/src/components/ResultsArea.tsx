import { type ReactNode, useEffect, useId, useState } from 'react';
import type { ResultsView } from '../state/results-store';
import { useSession } from '../state/session-context';
import { useStoreSelector } from '../state/use-store';
import { ExportBar } from './ExportBar';
import { FilesView } from './FilesView';
import { StatsSummaryView } from './StatsSummaryView';

/**
 * A view of the results: one tab of the results area. Each view decides when it has something
 * to show (the summary needs statistics); a new view (a timeline, schema error groups, an
 * extract preview) is one more entry here.
 */
export interface ResultViewEntry {
  id: string;
  label: string;
  available(results: ResultsView): boolean;
  render(): ReactNode;
}

export const RESULT_VIEWS: readonly ResultViewEntry[] = [
  { id: 'files', label: 'Files', available: () => true, render: () => <FilesView /> },
  {
    id: 'summary',
    label: 'Summary',
    available: (results) => results.all.some((result) => result.stats !== undefined),
    render: () => <StatsSummaryView />,
  },
];

/** The results: the views as tabs (shown once there is more than one), and the export bar. */
export function ResultsArea() {
  const session = useSession();
  const headingId = useId();
  const tabsId = useId();
  const available = useStoreSelector(session.results, (results) =>
    RESULT_VIEWS.filter((view) => view.available(results))
      .map((view) => view.id)
      .join(' '),
  ).split(' ');
  const [chosen, setChosen] = useState('files');
  // A task clicked on the timeline selects its result: show it in the files' details.
  useEffect(
    () =>
      session.selectedFile.subscribe(() => {
        if (session.selectedFile.get() !== null) setChosen('files');
      }),
    [session],
  );
  const current = RESULT_VIEWS.find((view) => view.id === chosen && available.includes(view.id));
  const shown = current ?? RESULT_VIEWS[0];
  const tabs = RESULT_VIEWS.filter((view) => available.includes(view.id));

  return (
    <section className="panel results-panel" aria-labelledby={headingId}>
      <div className="results-heading">
        <h2 id={headingId}>Results</h2>
        {tabs.length > 1 && (
          <div className="tabs" role="tablist" aria-label="Result views">
            {tabs.map((view) => (
              <button
                key={view.id}
                type="button"
                role="tab"
                id={`${tabsId}-${view.id}`}
                aria-selected={view === shown}
                aria-controls={`${tabsId}-panel`}
                tabIndex={view === shown ? 0 : -1}
                className="tab"
                onClick={() => setChosen(view.id)}
              >
                {view.label}
              </button>
            ))}
          </div>
        )}
      </div>
      {tabs.length > 1 ? (
        <div
          className="results-view"
          id={`${tabsId}-panel`}
          role="tabpanel"
          aria-labelledby={`${tabsId}-${shown?.id ?? ''}`}
        >
          {shown?.render()}
        </div>
      ) : (
        <div className="results-view">{shown?.render()}</div>
      )}
      <ExportBar />
    </section>
  );
}
