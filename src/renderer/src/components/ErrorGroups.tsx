import { useMemo } from 'react';
import { type ErrorGroup, groupErrors } from '../../../shared/error-groups';
import type { FileResult } from '../../../shared/results';
import { formatCount, pluralize } from '../format';

interface ErrorGroupsProps {
  /** The failed results; `version` changes when they do. */
  results: readonly FileResult[];
  version: number;
  selected: string | null;
  onSelect(key: string | null): void;
}

/**
 * "Group by error": the distinct problems over every failed file (values and numbers
 * normalised, see src/shared/error-groups.ts), most widespread first, with how many files and
 * errors have each. Choosing one filters the results to its files; choosing it again clears it.
 */
export function ErrorGroups({ results, version, selected, onSelect }: ErrorGroupsProps) {
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` changes with `results`
  const groups = useMemo(() => groupErrors(results), [results, version]);
  if (groups.length === 0) {
    return (
      <div className="error-groups empty-state" data-testid="error-groups">
        No errors to group.
      </div>
    );
  }
  return (
    <ul className="error-groups" aria-label="Errors by kind" data-testid="error-groups">
      {groups.map((group) => (
        <li key={group.key}>
          <GroupButton group={group} selected={group.key === selected} onSelect={onSelect} />
        </li>
      ))}
    </ul>
  );
}

function GroupButton({
  group,
  selected,
  onSelect,
}: {
  group: ErrorGroup;
  selected: boolean;
  onSelect(key: string | null): void;
}) {
  return (
    <button
      type="button"
      className="error-group"
      aria-pressed={selected}
      data-testid="error-group"
      onClick={() => onSelect(selected ? null : group.key)}
    >
      <span className="error-kind">{group.kind}</span>
      <span className="error-group-message">{group.message}</span>
      <span className="error-group-counts numeric muted">
        {pluralize(group.files, 'file', 'files')} · {formatCount(group.errors)}{' '}
        {group.errors === 1 ? 'error' : 'errors'}
      </span>
    </button>
  );
}
