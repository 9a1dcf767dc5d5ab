// Security lint: runs @doyensec/electronegativity over the Electron sources and fails on any
// finding of MEDIUM severity or above that has no inline justification.
//
// Usage: node scripts/security-lint.mjs [folder]      (default: src)
// Exit codes: 0 clean, 1 unjustified findings, 2 the tool could not run.
//
// Justifying a finding. When a finding is a false positive (the code is safe for a reason the
// tool cannot see), put this comment on the line of the finding or on the line just before it:
//
//   // electronegativity-justified: <CHECK_NAME> <reason, in words>
//
// e.g. `// electronegativity-justified: PRELOAD_JS_CHECK the preload exposes only the typed API`.
// The check name must match the finding's and the reason must not be empty. A finding the tool
// reports without a file (a global check, location N/A) is justified by the same comment
// anywhere in the scanned folder. Fix the code first; justify only true false positives.
//
// Why the wrapper does more than run the CLI:
// - the tool exits 0 even with findings, so this script reads its CSV report;
// - its parser (typescript-estree) must load the TypeScript 4 the tool ships with, not the
//   project's TypeScript 7 (which has no JavaScript API): a --require shim redirects it;
// - it writes its CSV report racily (see the shim);
// - it fetches translations and Electron's release list over the network; the shim answers
//   those requests offline, and the release check (about upgrading Electron, not about this
//   code) is excluded, so the lint is fast and deterministic.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const FAILING_SEVERITIES = new Set(['MEDIUM', 'HIGH', 'CRITICAL']);
// Check names as the CLI spells them (class names).
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];
const JUSTIFICATION = /electronegativity-justified:\s*([A-Z0-9_]+)\s+(\S.*)/;

/** Parses RFC 4180 CSV (quoted fields may hold commas, quotes and newlines). */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += char;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((cells) => cells.some((cell) => cell.trim() !== ''));
}

/** Findings from the tool's CSV report, as objects keyed by its (trimmed) header names. */
function readFindings(csvPath) {
  const [header, ...rows] = parseCsv(readFileSync(csvPath, 'utf8'));
  if (!header) throw new Error('the report is empty');
  const names = header.map((name) => name.trim());
  for (const needed of ['issue', 'severity', 'filename', 'location']) {
    if (!names.includes(needed)) throw new Error(`unexpected report header: ${header.join(',')}`);
  }
  return rows.map((cells) =>
    Object.fromEntries(names.map((name, i) => [name, (cells[i] ?? '').trim()])),
  );
}

function justificationsIn(line) {
  const match = line?.match(JUSTIFICATION);
  return match ? match[1] : null;
}

/** Every `electronegativity-justified` check name in the scanned sources (for global findings). */
function allJustifiedChecks(folder) {
  const checks = new Set();
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(?:[cm]?[jt]sx?|html?)$/.test(entry.name)) continue;
    if (entry.parentPath.split(/[\\/]/).includes('node_modules')) continue;
    for (const line of readFileSync(join(entry.parentPath, entry.name), 'utf8').split('\n')) {
      const check = justificationsIn(line);
      if (check) checks.add(check);
    }
  }
  return checks;
}

function isJustified(finding, folder, globalJustified) {
  const file = finding.filename;
  if (!file || file === 'N/A') return globalJustified.has(finding.issue);
  const path = resolve(folder, file);
  if (!existsSync(path)) return false;
  const lines = readFileSync(path, 'utf8').split('\n');
  const line = Number.parseInt(finding.location.split(':')[0] ?? '', 10);
  if (!Number.isInteger(line) || line < 1) return false;
  return [lines[line - 1], lines[line - 2]].some(
    (text) => justificationsIn(text) === finding.issue,
  );
}

/** The --require shim: TypeScript 4 for the tool's parser, no network, an ordered report. */
function writeShim(dir, toolDir, report) {
  const typescript = require.resolve('typescript', { paths: [toolDir] });
  const shim = join(dir, 'electronegativity-shim.cjs');
  writeFileSync(
    shim,
    `const Module = require('node:module');
const typescript = ${JSON.stringify(typescript)};
const offline = ${JSON.stringify(shim)};
const original = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'typescript') return typescript;
  if (request === 'got') return offline;
  return original.call(this, request, ...rest);
};
module.exports = () => Promise.reject(new Error('security-lint runs offline'));
// The tool writes the CSV header and the rows with two concurrent fs.writeFile calls (truncate,
// then append) and does not wait for either: the rows are sometimes lost. Write the report in
// call order instead.
const fs = require('node:fs');
const report = ${JSON.stringify(report)};
const writeFile = fs.writeFile;
fs.writeFile = function (file, data, options, callback) {
  if (file !== report) return writeFile.apply(this, arguments);
  const done = typeof options === 'function' ? options : callback;
  const flag = (typeof options === 'object' && options && options.flag) || 'w';
  try {
    fs.writeFileSync(file, data, { flag });
    process.nextTick(() => done && done(null));
  } catch (error) {
    process.nextTick(() => done && done(error));
  }
};
`,
  );
  return shim;
}

/**
 * The Electron version the checks apply to: the installed one, else the lowest our range allows
 * (electron is an optional dependency that npm installs on Node 22.12 and later only).
 */
function electronVersion() {
  try {
    return JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
  } catch {
    const project = JSON.parse(readFileSync(resolve('package.json'), 'utf8'));
    return /\d+\.\d+\.\d+/.exec(project.optionalDependencies.electron)[0];
  }
}

export function securityLint(folder) {
  const toolDir = dirname(require.resolve('@doyensec/electronegativity/package.json'));
  const work = mkdtempSync(join(tmpdir(), 'xmlpool-security-lint-'));
  try {
    const report = join(work, 'report.csv');
    const run = spawnSync(
      process.execPath,
      [
        '--require',
        writeShim(work, toolDir, report),
        join(toolDir, 'dist/index.js'),
        '--input',
        folder,
        '--output',
        report,
        '--relative',
        '--electron-version',
        electronVersion(),
        '--exclude-checks',
        EXCLUDED_CHECKS.join(','),
        '--verbose',
        'false',
      ],
      { encoding: 'utf8', env: { ...process.env, LANG: 'en-US' } },
    );
    if (run.status !== 0 || !existsSync(report)) {
      return {
        error: `electronegativity failed (exit ${run.status}):\n${run.stderr}${run.stdout}`,
      };
    }
    let findings;
    try {
      findings = readFindings(report);
    } catch (error) {
      return { error: `cannot read electronegativity's report: ${error.message}` };
    }
    const globalJustified = allJustifiedChecks(folder);
    const serious = findings.filter((finding) => FAILING_SEVERITIES.has(finding.severity));
    const unjustified = serious.filter((finding) => !isJustified(finding, folder, globalJustified));
    return { findings, serious, unjustified };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function formatFinding(finding, folder) {
  const where =
    finding.filename === 'N/A'
      ? '(global)'
      : `${relative(process.cwd(), resolve(folder, finding.filename))}:${finding.location}`;
  return `  ${finding.severity} ${finding.issue} ${where}\n    ${finding.description}\n    ${finding.url}`;
}

function main() {
  const folder = resolve(process.argv[2] ?? 'src');
  const outcome = securityLint(folder);
  if (outcome.error) {
    console.error(`security-lint: ${outcome.error}`);
    return 2;
  }
  const { findings, serious, unjustified } = outcome;
  if (unjustified.length > 0) {
    console.error(
      `security-lint: ${unjustified.length} unjustified finding(s) of medium severity or above:\n${unjustified.map((f) => formatFinding(f, folder)).join('\n')}\n` +
        'Fix the code, or justify a false positive with\n' +
        '  // electronegativity-justified: <CHECK_NAME> <reason>\n' +
        'on the line of the finding or the line before (see scripts/security-lint.mjs).',
    );
    return 1;
  }
  console.log(
    `security-lint: electronegativity clean (${findings.length} finding(s), ${serious.length} of medium or above, all justified)`,
  );
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  process.exitCode = main();
}
