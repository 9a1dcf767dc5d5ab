import type { FileResult, FileWarning, XmlStats } from '../../../shared/results';
import { baseName, formatBytes, formatCount, formatDuration } from '../format';
import { resultStatus } from '../state/result-status';
import { useSession } from '../state/session-context';
import { useStoreSelector } from '../state/use-store';
import { ErrorList } from './ErrorList';
import { StatusBadge } from './StatusBadge';

/** How many element paths the details show; the report holds them all. */
const TOP_PATHS = 25;

interface ResultDetailsProps {
  result: FileResult | undefined;
  /** Display name of the input (relative path). */
  name: string;
}

export function ResultDetails({ result, name }: ResultDetailsProps) {
  const session = useSession();
  const browser = useStoreSelector(
    session.availability,
    (a) => a.kind === 'ready' && a.info.mode === 'browser',
  );
  if (!result) {
    return (
      <aside className="details details-empty" aria-label="Details">
        Select a result to see its statistics or its full error.
      </aside>
    );
  }
  return (
    <aside className="details" aria-label="Details" data-testid="details">
      <div className="details-title">
        <StatusBadge status={resultStatus(result)} />
        <span className="details-file" title={session.inputs.pathOf(result.file)}>
          {baseName(name)}
        </span>
      </div>
      <dl className="facts">
        <Fact label="Path" value={session.inputs.pathOf(result.file)} />
        <Fact label="Task" value={result.task} />
        <Fact label="Size" value={formatBytes(result.bytes)} />
        <Fact
          label="Time"
          value={`${formatDuration(result.durationMs)} (${Math.round(result.durationMs)} ms)`}
        />
        <Fact label="Elements" value={formatCount(result.elements)} />
        <Fact label="Encoding" value={result.encoding ?? '—'} />
        <Fact label="Worker" value={result.workerId === null ? '—' : `#${result.workerId}`} />
        {result.attempts > 1 && <Fact label="Attempts" value={String(result.attempts)} />}
        {result.split && (
          <Fact
            label="Split"
            value={`${formatCount(result.split.chunks)} chunks on <${result.split.rowTag}>${result.split.detected ? ' (detected)' : ''}`}
          />
        )}
        {result.schema && (
          <Fact
            label="Checked"
            value={`Valid against ${result.schema.schema} (${result.schema.kind.toUpperCase()}${result.schema.batches === null ? '' : `, ${formatCount(result.schema.batches)} batches`})`}
          />
        )}
        {result.convert && (
          <>
            <Fact
              label="Output"
              value={
                // In the browser the outputs are downloaded as a zip: the server's path means nothing.
                browser
                  ? `${baseName(result.convert.output)} (in the outputs zip)`
                  : result.convert.output
              }
            />
            <Fact
              label="Records"
              value={`${formatCount(result.convert.records)} (${result.convert.format})`}
            />
          </>
        )}
      </dl>
      {result.warnings && <WarningList warnings={result.warnings} />}
      {result.errors.length > 0 && <ErrorList result={result} />}
      {result.stats && <StatsView stats={result.stats} />}
    </aside>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd title={value}>{value}</dd>
    </>
  );
}

function WarningList({ warnings }: { warnings: readonly FileWarning[] }) {
  return (
    <section className="details-section" data-testid="details-warnings">
      <h3>{warnings.length === 1 ? 'Warning' : `Warnings (${warnings.length})`}</h3>
      <ul className="error-list">
        {warnings.map((warning) => (
          <li key={`${warning.code}:${warning.message}`}>
            <div className="error-where">
              <span className="warning-kind">{warning.code}</span>
            </div>
            <p className="warning-message">{warning.message}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

function StatsView({ stats }: { stats: XmlStats }) {
  const topPaths = [...stats.paths].sort((a, b) => b.count - a.count).slice(0, TOP_PATHS);
  return (
    <section className="details-section">
      <h3>Statistics</h3>
      <dl className="facts">
        <Fact label="Root" value={stats.root ?? '—'} />
        <Fact label="Encoding" value={stats.encoding} />
        <Fact label="Elements" value={formatCount(stats.elements)} />
        <Fact label="Attributes" value={formatCount(stats.attributes)} />
        <Fact label="Text" value={formatBytes(stats.textBytes)} />
        <Fact label="Max depth" value={formatCount(stats.maxDepth)} />
      </dl>
      <h4>Namespaces</h4>
      {stats.namespaces.length === 0 ? (
        <p className="muted">None</p>
      ) : (
        <ul className="plain-list">
          {stats.namespaces.map((ns) => (
            <li key={`${ns.prefix}=${ns.uri}`}>
              <code>{ns.prefix === '' ? '(default)' : ns.prefix}</code> {ns.uri}
            </li>
          ))}
        </ul>
      )}
      <h4>
        Top paths
        {stats.pathsTruncated && <span className="muted"> (distinct paths capped)</span>}
      </h4>
      <table className="paths-table">
        <thead>
          <tr>
            <th scope="col">Path</th>
            <th scope="col" className="numeric-head">
              Count
            </th>
          </tr>
        </thead>
        <tbody>
          {topPaths.map((path) => (
            <tr key={path.path}>
              <td title={path.path}>{path.path}</td>
              <td className="numeric">{formatCount(path.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
