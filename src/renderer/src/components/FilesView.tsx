import { useCallback, useId, useMemo, useRef, useState } from 'react';
import { hasErrorGroup } from '../../../shared/error-groups';
import type { FileResult } from '../../../shared/results';
import { firstErrorText, formatCount, pluralize } from '../format';
import { columnsFor, columnWidths, resultSortValue, visibleColumns } from '../state/result-columns';
import { resultStatus } from '../state/result-status';
import { isActive } from '../state/session';
import { useSession } from '../state/session-context';
import { arrangeRows } from '../state/table-view';
import { useElementWidth } from '../state/use-element-width';
import { useStore, useStoreSelector } from '../state/use-store';
import { CheckboxField } from './CheckboxField';
import { ErrorGroups } from './ErrorGroups';
import { ResultDetails } from './ResultDetails';
import { ResultsTable } from './ResultsTable';

/** Below this width the details go under the table instead of beside it. */
const SIDE_BY_SIDE_MIN = 720;
/** The details panel's width beside the table: wider when the results area is wide. */
function detailsWidth(bodyWidth: number): number {
  return bodyWidth >= 1200 ? 380 : 280;
}
/** The table's border and a vertical scrollbar. */
const TABLE_CHROME = 18;

/** The files table (sortable, filterable), its toolbar, and the selected file's details. */
export function FilesView() {
  const session = useSession();
  const filterId = useId();
  const view = useStore(session.results);
  const table = useStore(session.resultsTable);
  const running = useStoreSelector(session.job, (job) => isActive(job.state));
  // Shared with the timeline, where a click on a task selects its result too.
  const selectedFile = useStore(session.selectedFile);
  const setSelectedFile = useCallback(
    (file: string | null) => session.selectedFile.set(file),
    [session],
  );
  // Group by error: the groups' list, and the one whose files the table shows.
  const [grouped, setGrouped] = useState(false);
  const [group, setGroup] = useState<string | null>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(bodyRef);
  const sideBySide = width >= SIDE_BY_SIDE_MIN;

  const nameOf = useCallback(
    (result: FileResult) => session.inputs.nameOf(result.file, result.relative),
    [session],
  );
  const hasStats = view.all.some((result) => result.stats !== undefined);
  // The table's width: the body less the details beside it, less its border and scrollbar.
  const details = detailsWidth(width);
  const tableWidth = (sideBySide ? width - details - 12 : width) - TABLE_CHROME;
  const columns = visibleColumns(columnsFor(hasStats), tableWidth);
  const widths = columnWidths(columns, tableWidth);
  const rows = useMemo(() => {
    const arranged = arrangeRows(view.all, table, {
      sortValue: (result, key) => resultSortValue(result, key, nameOf(result)),
      searchText: (result) =>
        `${nameOf(result)}\n${firstErrorText(result)}\n${result.stats?.root ?? ''}`,
      failed: (result) => resultStatus(result) === 'failed',
    });
    return group === null ? arranged : arranged.filter((result) => hasErrorGroup(result, group));
  }, [view, table, nameOf, group]);
  const selected = selectedFile === null ? undefined : view.byFile(selectedFile);
  const failedCount = view.failed.length;

  return (
    <div className="files-view">
      <div className="results-toolbar">
        <span className="muted numeric results-counts">
          {pluralize(view.all.length, 'file', 'files')} · {formatCount(view.ok)} ok ·{' '}
          {formatCount(failedCount)} failed
          {view.cancelled > 0 && ` · ${formatCount(view.cancelled)} cancelled`}
          {rows.length !== view.all.length && ` · showing ${formatCount(rows.length)}`}
        </span>
        <span className="results-toolbar-end">
          <label className="visually-hidden" htmlFor={filterId}>
            Filter results
          </label>
          <input
            id={filterId}
            type="search"
            className="filter-input"
            placeholder="Filter by name or error"
            value={table.filter}
            onChange={(event) => session.resultsTable.setFilter(event.currentTarget.value)}
          />
          <CheckboxField
            label="Group by error"
            checked={grouped}
            onChange={(on) => {
              setGrouped(on);
              if (!on) setGroup(null);
            }}
          />
          <CheckboxField
            label="Failed only"
            checked={table.failedOnly}
            onChange={(failedOnly) => session.resultsTable.setFailedOnly(failedOnly)}
          />
          <button
            type="button"
            disabled={running || failedCount === 0}
            title="Run the failed files again, and only them"
            onClick={() => session.rerunFailed()}
          >
            Re-run failed
          </button>
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
      <div
        className="results-body"
        ref={bodyRef}
        data-layout={sideBySide ? 'side' : 'stacked'}
        style={sideBySide ? { gridTemplateColumns: `minmax(0, 1fr) ${details}px` } : undefined}
      >
        <ResultsTable
          rows={rows}
          columns={columns}
          widths={widths}
          sort={table.sort}
          onSort={(key) => session.resultsTable.toggleSort(key)}
          selectedFile={selectedFile}
          nameOf={nameOf}
          onSelect={setSelectedFile}
          emptyText={view.all.length === 0 ? 'No results yet.' : 'No result matches the filter.'}
          arrangement={JSON.stringify([table.sort, table.filter, table.failedOnly, group])}
        />
        <ResultDetails result={selected} name={selected ? nameOf(selected) : ''} />
      </div>
    </div>
  );
}
