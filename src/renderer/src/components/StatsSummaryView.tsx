import { formatBytes, formatCount, pluralize } from '../format';
import { useSession } from '../state/session-context';
import type { CountedName } from '../state/stats-summary';
import { summarizeStats } from '../state/stats-summary';
import { useStore } from '../state/use-store';

/** The Summary tab of a stats run: totals across every file, and what occurs most. */
export function StatsSummaryView() {
  const session = useSession();
  const view = useStore(session.results);
  const summary = summarizeStats(view.all);
  if (summary === null) {
    return <div className="empty-state summary-empty">No statistics yet.</div>;
  }
  return (
    <div className="stats-summary" data-testid="stats-summary">
      <dl className="summary-totals">
        <Total label="Files" value={formatCount(summary.files)} />
        <Total label="Data" value={formatBytes(summary.bytes)} />
        <Total label="Elements" value={formatCount(summary.elements)} />
        <Total label="Attributes" value={formatCount(summary.attributes)} />
        <Total label="Text" value={formatBytes(summary.textBytes)} />
        <Total label="Deepest" value={formatCount(summary.maxDepth)} />
      </dl>
      {summary.truncatedFiles > 0 && (
        <p className="muted summary-note">
          {pluralize(summary.truncatedFiles, 'file', 'files')} had more distinct paths than the cap:
          counts below are at least these.
        </p>
      )}
      <div className="summary-tables">
        <CountTable title="Most frequent elements" rows={summary.topElements} code />
        <CountTable title="Most frequent paths" rows={summary.topPaths} code />
        <CountTable title="Roots" rows={summary.roots} code unit="files" />
        <CountTable title="Namespaces" rows={summary.namespaces} unit="files" />
      </div>
    </div>
  );
}

function Total({ label, value }: { label: string; value: string }) {
  return (
    <div className="summary-total">
      <dt>{label}</dt>
      <dd className="numeric">{value}</dd>
    </div>
  );
}

interface CountTableProps {
  title: string;
  rows: readonly CountedName[];
  code?: boolean;
  unit?: string;
}

function CountTable({ title, rows, code = false, unit = 'count' }: CountTableProps) {
  return (
    <table className="count-table">
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col" className="numeric-head">
            {unit === 'count' ? 'Count' : 'Files'}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={2} className="muted">
              None
            </td>
          </tr>
        ) : (
          rows.map((row) => (
            <tr key={row.name}>
              <td title={row.name} className={code ? 'mono' : undefined}>
                {row.name || '(none)'}
              </td>
              <td className="numeric">{formatCount(row.count)}</td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}
