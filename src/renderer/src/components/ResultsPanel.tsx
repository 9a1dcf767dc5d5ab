import { useCallback, useId, useState } from 'react';
import type { FileResult } from '../../../shared/results';
import { formatCount, pluralize } from '../format';
import { useSession } from '../state/session-context';
import { useStore } from '../state/use-store';
import { CheckboxField } from './CheckboxField';
import { ExportBar } from './ExportBar';
import { ResultDetails } from './ResultDetails';
import { ResultsTable } from './ResultsTable';

export function ResultsPanel() {
  const session = useSession();
  const headingId = useId();
  const view = useStore(session.results);
  const [failedOnly, setFailedOnly] = useState(false);
  // Shared with the timeline, where a click on a task selects its result too.
  const selectedFile = useStore(session.selectedFile);
  const setSelectedFile = useCallback(
    (file: string | null) => session.selectedFile.set(file),
    [session],
  );
  const rows = failedOnly ? view.failed : view.all;
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
        </span>
        <span className="panel-header-end">
          <CheckboxField label="Failed only" checked={failedOnly} onChange={setFailedOnly} />
        </span>
      </div>
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
