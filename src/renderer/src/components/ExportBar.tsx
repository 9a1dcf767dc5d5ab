import type { ReportFormat } from '../../../shared/results';
import { isActive } from '../state/session';
import { useSession } from '../state/session-context';
import { useStore, useStoreSelector } from '../state/use-store';

const REPORT_BUTTONS: ReadonlyArray<{ format: ReportFormat; label: string }> = [
  { format: 'json', label: 'Export JSON' },
  { format: 'ndjson', label: 'Export NDJSON' },
  { format: 'csv', label: 'Export CSV' },
  { format: 'csv-errors', label: 'Export errors (CSV)' },
];

export function ExportBar() {
  const session = useSession();
  const exports = useStore(session.exports);
  const job = useStore(session.job);
  const hasResults = useStoreSelector(session.results, (view) => view.all.length > 0);
  // In the browser the outputs come down as one zip file; the desktop app copies them to a folder.
  const browser = useStoreSelector(
    session.availability,
    (a) => a.kind === 'ready' && a.info.mode === 'browser',
  );
  const canExport = hasResults && !isActive(job.state) && exports.pending === null;
  return (
    <div className="export-bar">
      {REPORT_BUTTONS.map(({ format, label }) => (
        <button
          key={format}
          type="button"
          disabled={!canExport}
          aria-busy={exports.pending === format}
          onClick={() => void session.exportReport(format)}
        >
          {label}
        </button>
      ))}
      <button
        type="button"
        disabled={!canExport}
        aria-busy={exports.pending === 'html'}
        title="Summary, timeline, charts, errors and every file, in one file"
        onClick={() => void session.exportHtmlReport()}
      >
        Export HTML report
      </button>
      <button
        type="button"
        disabled={!canExport || !job.outputsReady}
        title={job.outputsReady ? undefined : 'Available after a convert job'}
        aria-busy={exports.pending === 'outputs'}
        onClick={() => void session.exportOutputs()}
      >
        {browser ? 'Download outputs (.zip)' : 'Export outputs to folder…'}
      </button>
      {job.tableReady && (
        <button
          type="button"
          disabled={!canExport}
          aria-busy={exports.pending === 'table'}
          onClick={() => void session.exportTable()}
        >
          Save table…
        </button>
      )}
      <span
        className="export-outcome muted"
        data-testid="export-outcome"
        title={exports.lastOutcome ?? undefined}
      >
        {exports.lastOutcome ?? ''}
      </span>
    </div>
  );
}
