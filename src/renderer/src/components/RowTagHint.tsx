import { baseName, formatBytes } from '../format';
import { useSession } from '../state/session-context';
import { useStoreSelector } from '../state/use-store';

/** The engine splits files from this size on (DEFAULT_SPLIT_TUNING.minFileBytes). */
const SPLITTABLE_BYTES = 16 * 1024 * 1024;

interface RowTagHintProps {
  rowTag: string;
  workers: number;
  disabled: boolean;
}

/**
 * One big file and no row tag: one worker reads it while the others wait, and nothing said so.
 * The hint says it, in view (not only to screen readers), and offers `auto`.
 */
export function RowTagHint({ rowTag, workers, disabled }: RowTagHintProps) {
  const session = useSession();
  const biggest = useStoreSelector(session.inputs, (view) => {
    let best: (typeof view.entries)[number] | null = null;
    for (const entry of view.entries) {
      if ((entry.size ?? 0) >= SPLITTABLE_BYTES && (entry.size ?? 0) > (best?.size ?? 0)) {
        best = entry;
      }
    }
    return best;
  });
  if (biggest === null || rowTag.trim() !== '' || workers < 2) return null;
  return (
    <p className="row-tag-hint" data-testid="row-tag-hint">
      <span className="hint-icon" aria-hidden="true">
        i
      </span>
      <span className="hint-text">
        <strong title={biggest.path}>{baseName(biggest.name)}</strong> is{' '}
        {formatBytes(biggest.size)}: one worker reads it alone unless a row tag splits it across all{' '}
        {workers}.
      </span>
      <button
        type="button"
        disabled={disabled}
        onClick={() => session.updateForm({ rowTag: 'auto' })}
      >
        Use row tag auto
      </button>
    </p>
  );
}
