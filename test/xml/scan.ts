/** Test helpers: run the real scanner over in-memory bytes with a given chunking. */
import type { XmlScanError } from '../../src/engine/xml/errors';
import type { DocumentScanOptions } from '../../src/engine/xml/stream-scanner';
import { XmlStreamScanner } from '../../src/engine/xml/stream-scanner';

export interface ScanOutcome {
  ok: boolean;
  error: { kind: string; message: string; line: number; column: number; offset: number } | null;
  /** Events, with adjacent text pieces merged (text may arrive in any number of pieces). */
  events: string[];
  encoding: string | null;
}

/**
 * Scans `bytes` split at the given cut points (or in chunks of `chunkSize`). With `reuseBuffer`,
 * every chunk is copied into the same buffer first, as the file readers do, so a scanner that
 * kept a reference to a chunk after write() returned would see it overwritten.
 */
export function scan(
  bytes: Uint8Array,
  cuts: number[] | number = bytes.length || 1,
  options: DocumentScanOptions = {},
  reuseBuffer = false,
): ScanOutcome {
  const events: string[] = [];
  let textBytes = 0;
  const flush = () => {
    if (textBytes > 0) events.push(`text ${textBytes}`);
    textBytes = 0;
  };
  const scanner = new XmlStreamScanner(
    {
      startElement(name, depth, offset, attributes) {
        flush();
        const attrs: string[] = [];
        for (let i = 0; i < attributes.length; i++)
          attrs.push(`${attributes.name(i)}=${attributes.value(i)}`);
        events.push(`start ${name} ${depth} @${offset} [${attrs.join(' ')}]`);
      },
      endElement(name, depth) {
        flush();
        events.push(`end ${name} ${depth}`);
      },
      text(n) {
        textBytes += n;
      },
      namespace(prefix, uri) {
        flush();
        events.push(`ns ${prefix}=${uri}`);
      },
    },
    options,
  );
  const points = typeof cuts === 'number' ? everyN(bytes.length, cuts) : [...cuts, bytes.length];
  let error: ScanOutcome['error'] = null;
  try {
    let at = 0;
    const shared = new Uint8Array(reuseBuffer ? bytes.length : 0);
    for (const cut of points) {
      if (cut > at) {
        if (reuseBuffer) {
          shared.fill(0x3c);
          shared.set(bytes.subarray(at, cut));
          scanner.write(shared.subarray(0, cut - at));
        } else scanner.write(bytes.slice(at, cut));
      }
      at = Math.max(at, cut);
    }
    scanner.end();
  } catch (thrown) {
    const e = thrown as XmlScanError;
    if (!(thrown instanceof Error) || !('kind' in thrown)) throw thrown;
    error = { kind: e.kind, message: e.message, line: e.line, column: e.column, offset: e.offset };
  }
  flush();
  return { ok: error === null, error, events, encoding: scanner.encoding };
}

function everyN(length: number, n: number): number[] {
  const points: number[] = [];
  for (let at = n; at < length; at += n) points.push(at);
  points.push(length);
  return points;
}

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
