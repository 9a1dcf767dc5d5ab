/**
 * The e2e suite's test data, generated into a temp folder (deterministically) when a test
 * worker starts:
 * - `dropped`: small files dropped onto the window, one of them malformed at a known line;
 * - `folder`: a folder with nested XML files (and a text file folder expansion must skip);
 * - the big corpus (only made for the tests that ask for it): enough bytes over a few dozen files that a run lasts long enough to move the slider
 *   and cancel while it runs.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface DroppedFile {
  name: string;
  content: string;
}

export interface Corpus {
  root: string;
  dropped: DroppedFile[];
  /** The same files on disk, for the "Add files…" picker. */
  droppedPaths: string[];
  /** The malformed one among `dropped`, and the line its error is on. */
  malformed: { name: string; line: number };
  folder: string;
  /** XML files inside `folder`, relative to it. */
  folderFiles: string[];
  remove(): void;
}

export interface BigCorpus {
  folder: string;
  files: string[];
  remove(): void;
}

/** Total size of the big folder; tune with XMLPOOL_E2E_BIG_MB on a much faster or slower machine. */
const BIG_TOTAL_MB = Number(process.env.XMLPOOL_E2E_BIG_MB ?? 200);
const BIG_FILE_COUNT = 40;

function book(id: number): string {
  return `  <book id="bk${id}">\n    <title>Volume ${id}</title>\n    <price>${(id * 37) % 100}.${id % 10}5</price>\n  </book>\n`;
}

function catalog(first: number, count: number): string {
  const books = Array.from({ length: count }, (_, i) => book(first + i)).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<catalog>\n${books}</catalog>\n`;
}

/** A big well-formed file: the same deterministic block of records repeated. */
function bigFile(bytes: number): Buffer {
  const record = (i: number) =>
    `  <record id="${i}"><name>Item ${i}</name><value>${(i * 7919) % 100_000}</value><note>lorem ipsum &amp; dolor</note></record>\n`;
  const block = Buffer.from(Array.from({ length: 2000 }, (_, i) => record(i)).join(''));
  const head = Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n<records>\n');
  const tail = Buffer.from('</records>\n');
  const repeats = Math.max(1, Math.round(bytes / block.length));
  return Buffer.concat([head, ...Array.from({ length: repeats }, () => block), tail]);
}

export function createCorpus(): Corpus {
  const root = mkdtempSync(join(tmpdir(), 'xmlpool-e2e-corpus-'));
  const malformed = {
    name: 'broken.xml',
    content:
      '<?xml version="1.0"?>\n<catalog>\n  <book id="1">\n    <title>Broken</titel>\n  </book>\n</catalog>\n',
  };
  const dropped: DroppedFile[] = [
    { name: 'alpha.xml', content: catalog(1, 3) },
    { name: 'beta.xml', content: catalog(10, 5) },
    malformed,
    { name: 'gamma.xml', content: catalog(20, 2) },
  ];

  mkdirSync(join(root, 'loose'));
  const droppedPaths = dropped.map((file) => {
    const path = join(root, 'loose', file.name);
    writeFileSync(path, file.content);
    return path;
  });

  const folder = join(root, 'shelf');
  const folderFiles = ['east.xml', 'north/a.xml', 'north/deeper/b.xml'];
  mkdirSync(join(folder, 'north', 'deeper'), { recursive: true });
  folderFiles.forEach((file, i) => {
    writeFileSync(join(folder, file), catalog(100 + i * 10, 4));
  });
  writeFileSync(join(folder, 'readme.txt'), 'not XML, skipped by folder expansion\n');

  return {
    root,
    dropped,
    droppedPaths,
    malformed: { name: malformed.name, line: 4 },
    folder,
    folderFiles,
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/**
 * A few dozen big files, so that a run lasts long enough to act on it while it runs, and one
 * tiny file that the server's workers hang on (the test fault hook, see served-app.ts). Largest
 * first, it is dispatched last, so a run never ends before the test cancels it: a fast machine
 * cannot finish the job while the test still expects it to run.
 */
export function createBigCorpus(): BigCorpus {
  const folder = mkdtempSync(join(tmpdir(), 'xmlpool-e2e-big-'));
  const content = bigFile((BIG_TOTAL_MB * 1024 * 1024) / BIG_FILE_COUNT);
  const files = Array.from(
    { length: BIG_FILE_COUNT },
    (_, i) => `part-${String(i + 1).padStart(2, '0')}.xml`,
  );
  for (const name of files) writeFileSync(join(folder, name), content);
  writeFileSync(join(folder, HANGING_FILE), '<r/>');
  return {
    folder,
    files: [...files, HANGING_FILE],
    remove: () => rmSync(folder, { recursive: true, force: true }),
  };
}

/** Its name holds `__hang__`: a worker that reaches it spins until the pool stops it. */
export const HANGING_FILE = 'zz__hang__.xml';
