/**
 * The report's per-file table with JavaScript on: every file (the static table lists at most
 * the first 10,000), sortable by any column, filtered by text and status, shown a page at a
 * time so that 100,000 files cost one page of rows in the DOM.
 */
import type { ReportFile, ReportFileStatus } from '../shared/report-data';
import { bytesText, msText } from '../shared/timeline-text';

const PAGE_SIZE = 100;

type Column =
  | 'index'
  | 'name'
  | 'status'
  | 'bytes'
  | 'durationMs'
  | 'workerId'
  | 'attempts'
  | 'error';

const COLUMNS: readonly { key: Column; label: string }[] = [
  { key: 'index', label: '#' },
  { key: 'name', label: 'File' },
  { key: 'status', label: 'Status' },
  { key: 'bytes', label: 'Size' },
  { key: 'durationMs', label: 'Time' },
  { key: 'workerId', label: 'Worker' },
  { key: 'attempts', label: 'Attempts' },
  { key: 'error', label: 'First error' },
];

function sortValue(file: ReportFile, column: Column): string | number {
  switch (column) {
    case 'name':
      return file.name;
    case 'status':
      return file.status;
    case 'error':
      return file.error?.message ?? '';
    case 'workerId':
      return file.workerId ?? -1;
    default:
      return file[column];
  }
}

function errorText(file: ReportFile): string {
  const error = file.error;
  if (error === null) return '';
  const at = error.line === null ? '' : `${error.line}:${error.column ?? 0} `;
  return `${at}${error.message}`;
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text = '',
  className = '',
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== '') node.textContent = text;
  if (className !== '') node.className = className;
  return node;
}

export class FilesTable {
  private sortColumn: Column = 'index';
  private ascending = true;
  private text = '';
  private status: ReportFileStatus | 'all' = 'all';
  /** Set by a click on a timeline bar: only that task's files. */
  private only: Set<number> | null = null;
  private page = 0;
  private rows: ReportFile[] = [];
  private readonly tbody = element('tbody');
  private readonly headers = new Map<Column, HTMLButtonElement>();
  private readonly pageLabel = element('span', '', 'page-label');
  private readonly onlyChip = element('button', '', 'chip');
  private readonly previous = element('button', 'Previous');
  private readonly next = element('button', 'Next');

  constructor(
    host: HTMLElement,
    private readonly files: readonly ReportFile[],
  ) {
    const controls = element('div', '', 'table-controls');
    const search = element('input');
    search.type = 'search';
    search.placeholder = 'Filter by name or error';
    search.setAttribute('aria-label', 'Filter files');
    search.addEventListener('input', () => {
      this.text = search.value.trim().toLowerCase();
      this.refresh(true);
    });
    const status = element('select');
    status.setAttribute('aria-label', 'Status');
    for (const value of ['all', 'ok', 'failed', 'cancelled'] as const) {
      const option = element('option', value === 'all' ? 'All statuses' : value);
      option.value = value;
      status.append(option);
    }
    status.addEventListener('change', () => {
      const value = status.value;
      this.status = value === 'ok' || value === 'failed' || value === 'cancelled' ? value : 'all';
      this.refresh(true);
    });
    this.onlyChip.type = 'button';
    this.onlyChip.hidden = true;
    this.onlyChip.addEventListener('click', () => this.showOnly(null));
    this.previous.type = 'button';
    this.next.type = 'button';
    this.previous.addEventListener('click', () => this.turn(-1));
    this.next.addEventListener('click', () => this.turn(1));
    controls.append(search, status, this.onlyChip, this.previous, this.pageLabel, this.next);

    const table = element('table', '', 'files');
    table.dataset.testid = 'files-table';
    const headRow = element('tr');
    for (const column of COLUMNS) {
      const th = element('th');
      th.scope = 'col';
      const button = element('button', column.label, 'sort');
      button.type = 'button';
      button.addEventListener('click', () => this.sortBy(column.key));
      this.headers.set(column.key, button);
      th.append(button);
      headRow.append(th);
    }
    const head = element('thead');
    head.append(headRow);
    table.append(head, this.tbody);
    host.replaceChildren(controls, table);
    this.refresh(true);
  }

  /** Shows only these files (a task's), or all again with null. */
  showOnly(indexes: readonly number[] | null): void {
    this.only = indexes === null ? null : new Set(indexes);
    const count = indexes?.length ?? 0;
    this.onlyChip.hidden = indexes === null;
    this.onlyChip.textContent = `${count === 1 ? 'The file' : `The ${count} files`} of the selected task ✕`;
    this.refresh(true);
  }

  private sortBy(column: Column): void {
    this.ascending = this.sortColumn === column ? !this.ascending : true;
    this.sortColumn = column;
    this.refresh(true);
  }

  private turn(by: number): void {
    this.page = Math.min(Math.max(0, this.page + by), this.pageCount() - 1);
    this.render();
  }

  private pageCount(): number {
    return Math.max(1, Math.ceil(this.rows.length / PAGE_SIZE));
  }

  private refresh(toFirstPage: boolean): void {
    const text = this.text;
    const rows = this.files.filter(
      (file) =>
        (this.status === 'all' || file.status === this.status) &&
        (this.only === null || this.only.has(file.index)) &&
        (text === '' ||
          file.name.toLowerCase().includes(text) ||
          errorText(file).toLowerCase().includes(text)),
    );
    const column = this.sortColumn;
    const direction = this.ascending ? 1 : -1;
    const keyed = rows.map((file) => ({ file, key: sortValue(file, column) }));
    keyed.sort((a, b) => {
      const order =
        typeof a.key === 'number' && typeof b.key === 'number'
          ? a.key - b.key
          : String(a.key).localeCompare(String(b.key));
      return order === 0 ? a.file.index - b.file.index : order * direction;
    });
    this.rows = keyed.map((entry) => entry.file);
    if (toFirstPage) this.page = 0;
    for (const [key, button] of this.headers) {
      const sorted = key === column;
      button.parentElement?.setAttribute(
        'aria-sort',
        sorted ? (this.ascending ? 'ascending' : 'descending') : 'none',
      );
    }
    this.render();
  }

  private render(): void {
    const start = this.page * PAGE_SIZE;
    const rows = this.rows.slice(start, start + PAGE_SIZE).map((file) => {
      const tr = element('tr');
      tr.dataset.status = file.status;
      tr.dataset.index = String(file.index);
      const badge = element('span', file.status, `badge s-${file.status}`);
      const status = element('td');
      status.append(badge);
      tr.append(
        element('td', String(file.index + 1)),
        element('td', file.name, 'file-name'),
        status,
        element('td', bytesText(file.bytes)),
        element('td', msText(file.durationMs)),
        element('td', file.workerId === null ? '—' : `#${file.workerId}`),
        element('td', String(file.attempts)),
        element('td', errorText(file), 'error'),
      );
      return tr;
    });
    this.tbody.replaceChildren(...rows);
    const pages = this.pageCount();
    this.pageLabel.textContent = `${this.rows.length.toLocaleString('en-US')} files · page ${this.page + 1} of ${pages}`;
    this.previous.disabled = this.page === 0;
    this.next.disabled = this.page >= pages - 1;
  }
}
