import { memo } from 'react';
import type { InputEntry } from '../../../shared/api';
import { formatBytes } from '../format';
import type { InputRowStatus } from '../state/result-status';
import { StatusBadge } from './StatusBadge';

interface InputRowProps {
  entry: InputEntry;
  /** Its name within its folder (the folder's header row names the folder). */
  base: string;
  status: InputRowStatus;
  offset: number;
  /** The row the keyboard is on. */
  active: boolean;
  /** Added by the last add: highlighted for a moment. */
  fresh: boolean;
  canRemove: boolean;
  onRemove(entry: InputEntry): void;
}

export const InputRow = memo(function InputRow({
  entry,
  base,
  status,
  offset,
  active,
  fresh,
  canRemove,
  onRemove,
}: InputRowProps) {
  return (
    <li
      className="input-row virtual-row"
      data-active={active}
      data-fresh={fresh}
      data-testid="input-row"
      data-status={status}
      style={{ transform: `translateY(${offset}px)` }}
    >
      <span className="input-name" title={entry.path}>
        {base}
      </span>
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
