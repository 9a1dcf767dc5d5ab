/**
 * Primes V8's type feedback for the scanner's rare paths before a worker's first real file.
 *
 * Why: V8 optimizes the scanner's hot functions within the first few hundred KB of a worker's
 * first file. Paths that had not run by then — a token cut by a 1 MiB read-chunk edge, a
 * multi-byte character split across chunks, a CDATA section, a namespaced attribute — each
 * throw the optimized code away the first time they do run ("insufficient type feedback"), and
 * V8 compiles the whole function again. On the benchmark corpus that was ~18 deoptimizations
 * and ~120 optimizing compiles per worker, run on background threads that compete with the other
 * workers for the same cores. Scanning a small document that takes every such path, in several
 * chunkings and with each task's handler, makes the first optimized code cover them.
 *
 * It costs a few milliseconds of interpreted code once per worker, and it only runs the scanner
 * on bytes in memory: no file is touched and no result is produced.
 */
import type { XmlHandler } from '../xml/scanner';
import { XmlStreamScanner } from '../xml/stream-scanner';
import { StatsCollector } from './stats';

/** Every construct the scanner has a separate path for, repeated so V8 records feedback. */
const SAMPLE_RECORD = `
  <x:rec id="r1" x:kind="person" y:ref="a&amp;b &#169; &#x263A;" xmlns:y="urn:warm:local">
    <!-- a comment mentioning <rec> -->
    <?audit checked="1"?>
    <person first="Zoë" last='O&apos;Neil' age="53">Grüße &lt;Ærø&gt; 東京都 🚀 &company; &copy;</person>
    <empty/><empty a="1" b="2"/><größe einheit="東京 🚀 Kraków">Ωmega</größe>
    <text>a ] b ]] c &quot;quoted&quot;\r\n\tline two\r\n</text>
    <data><![CDATA[raw <row> & ]] ]> 数据 🙂]]></data>
    <y:deep><a><b><c lang="de">tief</c></b></a></y:deep>
  </x:rec>`;

export const WARM_UP_SAMPLE = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE catalog [
  <!ENTITY company "Acme &amp; Söhne GmbH">
  <!ENTITY copy "&#169;">
]>
<!-- warm-up sample -->
<catalog xmlns="urn:warm" xmlns:x="urn:warm:ext" version="1">${SAMPLE_RECORD.repeat(3)}
</catalog>
`;

/** Small sizes cut every kind of token at a chunk edge; the last one is the whole document. */
export const WARM_UP_CHUNK_SIZES = [7, 61, Number.POSITIVE_INFINITY];

let warmedUp = false;

/** Runs once per worker (later calls return at once). Never throws. */
export function warmUpScanner(): void {
  if (warmedUp) return;
  warmedUp = true;
  const bytes = new TextEncoder().encode(WARM_UP_SAMPLE);
  try {
    for (const size of WARM_UP_CHUNK_SIZES) {
      scanInChunks(bytes, size, {});
      scanInChunks(bytes, size, new StatsCollector());
    }
  } catch {
    // A warm-up that fails only means the first real file runs colder.
  }
}

export function scanInChunks(bytes: Uint8Array, size: number, handler: XmlHandler): void {
  const scanner = new XmlStreamScanner(handler);
  for (let start = 0; start < bytes.length; start += size) {
    scanner.write(bytes.subarray(start, Math.min(bytes.length, start + size)));
  }
  scanner.end();
}
