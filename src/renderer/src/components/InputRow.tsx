import { memo } from 'react';
import type { InputEntry } from '../../../shared/api';
import { formatBytes } from '../format';
import type { InputRowStatus } from '../state/result-status';
import { FileName } from './FileName';
import { StatusBadge } from './StatusBadge';

interface InputRowProps {
  entry: InputEntry;
  status: InputRowStatus;
  offset: number;
  /** The row the keyboard is on. */
  active: boolean;
  canRemove: boolean;
  onRemove(entry: InputEntry): void;
}

export const InputRow = memo(function InputRow({
  entry,
  status,
  offset,
  active,
  canRemove,
  onRemove,
}: InputRowProps) {
  return (
    <li
      className="input-row virtual-row"
      data-active={active}
      data-testid="input-row"
      data-status={status}
      style={{ transform: `translateY(${offset}px)` }}
    >
      <FileName name={entry.name} title={entry.path} />
      <span className="cell-size numeric">{formatBytes(entry.size)}</span>
      <StatusBadge status={status} />
      <button
        type="button"
        className="icon-button"
        tabIndex={-1}
        aria-label={`Remove ${entry.name}`}
        title={`Remove ${entry.name} (Delete)`}
        disabled={!canRemove}
        onClick={() => onRemove(entry)}
      >
        ×
      </button>
    </li>
  );
});
