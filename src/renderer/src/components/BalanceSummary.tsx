import { useMemo } from 'react';
import { balanceSummary } from '../../../shared/timeline-balance';
import { barFilesText, msText, percentText } from '../../../shared/timeline-text';
import { useSession } from '../state/session-context';
import { useThrottledVersion } from '../state/use-throttled-version';

const BALANCE_INTERVAL_MS = 1000;

/** Busy and idle time per worker, the longest task and its share, and the split hint. */
export function BalanceSummary() {
  const session = useSession();
  const version = useThrottledVersion(session.timeline, BALANCE_INTERVAL_MS);
  const model = session.timeline.model;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the model is mutable; its version is what changes
  const balance = useMemo(() => balanceSummary(model), [model, version]);
  const nameOf = (index: number) => {
    const file = model.fileAt(index);
    return file && { ...file, relative: session.inputs.nameOf(file.path, file.relative) };
  };
  if (balance.longest === null) {
    return <div className="balance-summary muted">Busy and idle time per worker appear here.</div>;
  }
  const { bar, durationMs, share } = balance.longest;
  return (
    <div className="balance-summary" data-testid="balance-summary">
      {balance.hint !== null && (
        <p className="balance-hint" data-testid="balance-hint">
          {balance.hint.text}
        </p>
      )}
      <p className="balance-longest">
        Longest task: <strong>{barFilesText(bar, nameOf)}</strong>, {msText(durationMs)} (
        {percentText(share)} of the run)
      </p>
      <table className="balance-table">
        <thead>
          <tr>
            <th scope="col">Worker</th>
            <th scope="col">Busy</th>
            <th scope="col">Idle</th>
            <th scope="col">Idle at end</th>
          </tr>
        </thead>
        <tbody>
          {balance.lanes.map((lane) => (
            <tr key={lane.lane.id} data-retired={lane.lane.retiredMs !== null}>
              <th scope="row">
                #{lane.lane.workerId}
                {lane.lane.retiredMs !== null && <span className="muted"> retired</span>}
              </th>
              <td className="numeric">
                {msText(lane.busyMs)} · {percentText(lane.utilization)}
              </td>
              <td
                className="numeric"
                title={`${lane.gaps} idle gaps, the longest ${msText(lane.longestGapMs)}`}
              >
                {msText(lane.idleMs)}
              </td>
              <td className="numeric">{msText(lane.tailIdleMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
