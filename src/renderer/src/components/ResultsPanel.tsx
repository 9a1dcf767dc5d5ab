import { useCallback, useId, useMemo, useState } from 'react';
import { hasErrorGroup } from '../../../shared/error-groups';
import type { FileResult } from '../../../shared/results';
import { formatCount, pluralize } from '../format';
import { useSession } from '../state/session-context';
import { useStore } from '../state/use-store';
import { CheckboxField } from './CheckboxField';
import { ErrorGroups } from './ErrorGroups';
import { ExportBar } from './ExportBar';
import { ResultDetails } from './ResultDetails';
import { ResultsTable } from './ResultsTable';

export function ResultsPanel() {
  const session = useSession();
  const headingId = useId();
  const view = useStore(session.results);
  const [failedOnly, setFailedOnly] = useState(false);
  const [selectedFile, setSelectedFile] = useState<string | null>(null);
  // Group by error: the groups' list, and the one whose files the table shows.
  const [grouped, setGrouped] = useState(false);
  const [group, setGroup] = useState<string | null>(null);
  const listed = failedOnly ? view.failed : view.all;
  const rows = useMemo(
    () => (group === null ? listed : listed.filter((result) => hasErrorGroup(result, group))),
    [listed, group],
  );
  const nameOf = useCallback(
    (result: FileResult) => session.inputs.nameOf(result.file, result.relative),
    [session],
  );
  const selected = selectedFile === null ? undefined : view.byFile(selectedFile);

  return (
    <section className="panel results-panel" aria-labelledby={headingId}>
      <div className="panel-header">
        <h2 id={headingId}>Results</h2>
        <span className="muted numeric">
          {pluralize(view.all.length, 'file', 'files')} · {formatCount(view.ok)} ok ·{' '}
          {formatCount(view.failed.length)} failed
          {view.cancelled > 0 && ` · ${formatCount(view.cancelled)} cancelled`}
          {failedOnly && ` · showing the ${formatCount(view.failed.length)} failed`}
          {group !== null && ` · showing ${formatCount(rows.length)} with the chosen error`}
        </span>
        <span className="panel-header-end">
          <CheckboxField
            label="Group by error"
            checked={grouped}
            onChange={(on) => {
              setGrouped(on);
              if (!on) setGroup(null);
            }}
          />
          <CheckboxField label="Failed only" checked={failedOnly} onChange={setFailedOnly} />
        </span>
      </div>
      {grouped && (
        <ErrorGroups
          results={view.failed}
          version={view.version}
          selected={group}
          onSelect={setGroup}
        />
      )}
      <div className="results-body">
        <ResultsTable
          rows={rows}
          selectedFile={selectedFile}
          nameOf={nameOf}
          onSelect={setSelectedFile}
        />
        <ResultDetails result={selected} name={selected ? nameOf(selected) : ''} />
      </div>
      <ExportBar />
    </section>
  );
}
