import { type KeyboardEvent, memo } from 'react';
import type { FileResult } from '../../../shared/results';
import { baseName, firstErrorText, formatBytes, formatDuration } from '../format';
import { resultStatus } from '../state/result-status';
import { FileName } from './FileName';
import { StatusBadge } from './StatusBadge';

interface ResultRowProps {
  result: FileResult;
  /** Display name (relative path) of the input. */
  name: string;
  domId: string;
  rowIndex: number;
  selected: boolean;
  onSelect(file: string): void;
}

function formatTaskTime(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : formatDuration(ms);
}

export const ResultRow = memo(function ResultRow({
  result,
  name,
  domId,
  rowIndex,
  selected,
  onSelect,
}: ResultRowProps) {
  const status = resultStatus(result);
  const error = firstErrorText(result);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(result.file);
    }
  };
  return (
    <tr
      id={domId}
      className="result-row"
      aria-rowindex={rowIndex}
      aria-selected={selected}
      tabIndex={-1}
      data-testid="result-row"
      data-status={status}
      data-file={baseName(result.file)}
      onClick={() => onSelect(result.file)}
      onKeyDown={onKeyDown}
    >
      <td>
        <StatusBadge status={status} />
      </td>
      <td className="cell-name">
        <FileName name={name} title={result.file} />
      </td>
      <td className="cell-size numeric">{formatBytes(result.bytes)}</td>
      <td className="cell-time numeric">{formatTaskTime(result.durationMs)}</td>
      <td className="cell-error" title={error || undefined}>
        {error && <span data-testid="result-error">{error}</span>}
      </td>
    </tr>
  );
});
