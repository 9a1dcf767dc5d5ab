import type { ReportFormat } from '../../../shared/results';
import { isActive } from '../state/session';
import { useSession } from '../state/session-context';
import { useStore, useStoreSelector } from '../state/use-store';

const REPORT_BUTTONS: ReadonlyArray<{ format: ReportFormat; label: string }> = [
  { format: 'json', label: 'Export JSON' },
  { format: 'ndjson', label: 'Export NDJSON' },
  { format: 'csv', label: 'Export CSV' },
];

export function ExportBar() {
  const session = useSession();
  const exports = useStore(session.exports);
  const job = useStore(session.job);
  const hasResults = useStoreSelector(session.results, (view) => view.all.length > 0);
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
        disabled={!canExport || !job.outputsReady}
        title={job.outputsReady ? undefined : 'Available after a convert job'}
        aria-busy={exports.pending === 'outputs'}
        onClick={() => void session.exportOutputs()}
      >
        Export outputs to folder…
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
