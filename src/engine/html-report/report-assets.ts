/**
 * The HTML report's script and style, built by vite.report.config.ts from src/report-app into
 * report-app.js and report-app.css beside the worker script, and inlined into every report.
 * The report's Content Security Policy allows exactly these two by their SHA-256 hashes, and
 * nothing else: no other script, no network, no plugins.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface ReportAssets {
  script: string;
  style: string;
}

export const REPORT_SCRIPT_FILE = 'report-app.js';
export const REPORT_STYLE_FILE = 'report-app.css';

/** Reads the built assets from `dir` (out/cli, or the test build's folder). */
export async function readReportAssets(dir: string): Promise<ReportAssets> {
  const [script, style] = await Promise.all([
    readFile(join(dir, REPORT_SCRIPT_FILE), 'utf8'),
    readFile(join(dir, REPORT_STYLE_FILE), 'utf8'),
  ]);
  // A `</script` in a string or regex literal would end the element early; `<\/` means the same.
  return { script: script.replaceAll('</script', '<\\/script'), style };
}

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * The report's policy: its own inline script and style, data: images, and nothing else. Only
 * keywords and base64 hashes: it goes into a double-quoted attribute as it is.
 */
export function reportContentSecurityPolicy(assets: ReportAssets): string {
  return [
    "default-src 'none'",
    `script-src ${sha256(assets.script)}`,
    `style-src ${sha256(assets.style)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
