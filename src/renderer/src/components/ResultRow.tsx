import { type KeyboardEvent, memo, type ReactNode } from 'react';
import type { FileResult } from '../../../shared/results';
import { baseName, firstErrorText, formatBytes, formatCount, formatDuration } from '../format';
import type { ResultColumn, ResultColumnId } from '../state/result-columns';
import { resultStatus } from '../state/result-status';
import { FileName } from './FileName';
import { StatusBadge } from './StatusBadge';

interface ResultRowProps {
  result: FileResult;
  columns: readonly ResultColumn[];
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

function count(value: number | undefined): string {
  return value === undefined ? '' : formatCount(value);
}

function cell(column: ResultColumnId, result: FileResult, name: string): ReactNode {
  switch (column) {
    case 'status':
      return <StatusBadge status={resultStatus(result)} />;
    case 'file':
      return <FileName name={name} title={name} />;
    case 'size':
      return formatBytes(result.bytes);
    case 'time':
      return formatTaskTime(result.durationMs);
    case 'elements':
      return formatCount(result.stats?.elements ?? result.elements);
    case 'attributes':
      return count(result.stats?.attributes);
    case 'depth':
      return count(result.stats?.maxDepth);
    case 'root':
      return result.stats?.root ?? '';
    case 'error': {
      const error = firstErrorText(result);
      if (error) return <span data-testid="result-error">{error}</span>;
      const warning = result.warnings?.[0];
      return warning ? (
        <span className="cell-warning" data-testid="result-warning">
          {warning.message}
        </span>
      ) : null;
    }
  }
}

export const ResultRow = memo(function ResultRow({
  result,
  columns,
  name,
  domId,
  rowIndex,
  selected,
  onSelect,
}: ResultRowProps) {
  const status = resultStatus(result);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(result.file);
    }
  };
  const error = firstErrorText(result) || result.warnings?.[0]?.message;
  return (
    <tr
      id={domId}
      className="result-row"
      aria-rowindex={rowIndex}
      aria-selected={selected}
      tabIndex={-1}
      data-testid="result-row"
      data-status={status}
      data-warned={result.warnings !== undefined}
      data-file={baseName(result.file)}
      onClick={() => onSelect(result.file)}
      onKeyDown={onKeyDown}
    >
      {columns.map((column) => (
        <td
          key={column.id}
          className={`cell-${column.id}${column.numeric ? ' numeric' : ''}`}
          title={column.id === 'error' ? error || undefined : undefined}
        >
          {cell(column.id, result, name)}
        </td>
      ))}
    </tr>
  );
});
