/**
 * A document scanner for raw file bytes in any supported encoding: detects the encoding, feeds
 * UTF-8 straight to the XmlScanner and transcodes the others to UTF-8 on the way, so positions
 * (including byte offsets in the original file) stay exact.
 */
import { DETECTION_BYTES, detectEncoding, type EncodingPlan, encodingMismatch } from './encoding';
import { XmlScanError } from './errors';
import { type ScanOptions, type ScanPosition, type XmlHandler, XmlScanner } from './scanner';

/** Options of a whole-document scan (encoding handling is automatic). */
export type DocumentScanOptions = Omit<ScanOptions, 'offsetMap' | 'asciiOnly' | 'checkEncoding'>;

const encoder = new TextEncoder();

export class XmlStreamScanner {
  private readonly handler: XmlHandler;
  private readonly options: DocumentScanOptions;
  private head: Uint8Array[] = [];
  private headLength = 0;
  private plan: EncodingPlan | null = null;
  private scanner: XmlScanner | null = null;
  private transcode: ((chunk: Uint8Array, final: boolean) => void) | null = null;
  /** Source bytes handed to the transcoder so far. */
  private consumed = 0;

  constructor(handler: XmlHandler, options: DocumentScanOptions = {}) {
    this.handler = handler;
    this.options = options;
    if (options.context !== undefined) {
      // Fragments of a split file: always UTF-8, no byte order mark or declaration to detect.
      this.start({ kind: 'utf-8', name: 'UTF-8', bom: 0 }, true);
    }
  }

  /** The detected encoding (canonical name), or null before enough bytes were seen. */
  get encoding(): string | null {
    return this.plan?.name ?? null;
  }

  /** The underlying scanner (counts, stop state), or null before the encoding is known. */
  get core(): XmlScanner | null {
    return this.scanner;
  }

  write(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    if (this.transcode === null && !this.startFromChunk(chunk)) {
      this.head.push(chunk.slice());
      this.headLength += chunk.length;
      this.tryDetect(false);
      return;
    }
    this.transcode?.(chunk, false);
  }

  /**
   * Starts the scan when this chunk alone decides the encoding (the usual large first chunk), so
   * it is scanned in place instead of copied first: a 1 MiB memcpy per file showed up at ~10% of
   * the validate profile.
   */
  private startFromChunk(chunk: Uint8Array): boolean {
    if (this.headLength > 0) return false;
    const plan = detectEncoding(chunk, chunk.length >= DETECTION_BYTES);
    if (plan === null) return false;
    this.start(plan, false);
    return true;
  }

  end(): void {
    if (this.transcode === null) this.tryDetect(true);
    this.transcode?.(new Uint8Array(0), true);
    this.scanner?.finish();
  }

  position(): ScanPosition | null {
    return this.scanner?.position() ?? null;
  }

  private tryDetect(complete: boolean): void {
    const head = concat(this.head, this.headLength);
    const plan = detectEncoding(head, complete || head.length >= DETECTION_BYTES);
    if (plan === null) return;
    this.head = [];
    this.headLength = 0;
    this.start(plan, false);
    if (head.length > 0) this.transcode?.(head, false);
  }

  private start(plan: EncodingPlan, fragment: boolean): void {
    this.plan = plan;
    const base: ScanOptions = {
      ...this.options,
      checkEncoding: (name) => encodingMismatch(plan, name),
    };
    switch (plan.kind) {
      case 'unsupported':
        throw new XmlScanError('encoding', plan.message, 1, 1, 0);
      case 'utf-8':
      case 'us-ascii': {
        const bom = plan.kind === 'utf-8' ? plan.bom : 0;
        const scanner = new XmlScanner(this.handler, {
          ...base,
          startOffset: fragment ? (this.options.startOffset ?? 0) : bom,
          asciiOnly: plan.kind === 'us-ascii',
        });
        this.scanner = scanner;
        let skip = bom;
        this.transcode = (chunk) => {
          if (skip > 0) {
            const n = Math.min(skip, chunk.length);
            skip -= n;
            chunk = chunk.subarray(n);
          }
          scanner.write(chunk);
        };
        return;
      }
      case 'utf-16': {
        const bom = plan.bom;
        const scanner = new XmlScanner(this.handler, {
          ...base,
          offsetMap: (chars, astral) => bom + 2 * (chars + astral),
        });
        this.scanner = scanner;
        this.consumed = 0;
        this.transcode = this.utf16(scanner, plan.name, bom);
        return;
      }
      case 'latin-1': {
        const scanner = new XmlScanner(this.handler, { ...base, offsetMap: (chars) => chars });
        this.scanner = scanner;
        this.transcode = (chunk) => scanner.write(latin1ToUtf8(chunk));
        return;
      }
      case 'single-byte': {
        const scanner = new XmlScanner(this.handler, { ...base, offsetMap: (chars) => chars });
        this.scanner = scanner;
        const decoder = new TextDecoder(plan.label, { fatal: true });
        this.transcode = (chunk) => {
          let text: string;
          try {
            text = decoder.decode(chunk, { stream: true });
          } catch {
            const bad = firstUndecodableByte(chunk, plan.label);
            scanner.write(
              encoder.encode(new TextDecoder(plan.label).decode(chunk.subarray(0, bad))),
            );
            this.encodingError(
              scanner,
              `byte 0x${hex(chunk[bad] ?? 0)} is not a valid ${plan.name} character`,
              this.consumed + bad,
            );
          }
          this.consumed += chunk.length;
          scanner.write(encoder.encode(text));
        };
        return;
      }
    }
  }

  private utf16(scanner: XmlScanner, name: 'UTF-16LE' | 'UTF-16BE', bom: number) {
    const label = name === 'UTF-16LE' ? 'utf-16le' : 'utf-16be';
    const littleEndian = name === 'UTF-16LE';
    const decoder = new TextDecoder(label, { fatal: true, ignoreBOM: true });
    let skip = bom;
    // Bytes the decoder holds back (an odd byte, a high surrogate), to locate errors exactly.
    let tail: Uint8Array = new Uint8Array(0);
    return (input: Uint8Array, final: boolean): void => {
      let chunk = input;
      if (skip > 0) {
        const n = Math.min(skip, chunk.length);
        skip -= n;
        this.consumed += n;
        chunk = chunk.subarray(n);
      }
      const data = concat([tail, chunk], tail.length + chunk.length);
      const dataStart = this.consumed - tail.length;
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: !final });
      } catch {
        const bad = firstBadUtf16Unit(data, littleEndian, final);
        scanner.write(encoder.encode(new TextDecoder(label).decode(data.subarray(0, bad))));
        this.encodingError(
          scanner,
          bad + 1 >= data.length
            ? `the document ends in the middle of a ${name} character`
            : `invalid ${name}: unpaired surrogate`,
          dataStart + bad,
        );
      }
      this.consumed += chunk.length;
      tail = pendingUtf16(data, littleEndian);
      scanner.write(encoder.encode(text));
    };
  }

  /** Fails at a source byte the transcoder rejected, after the scanner saw everything before it. */
  private encodingError(scanner: XmlScanner, message: string, offset: number): never {
    const at = scanner.bufferedEndPosition();
    throw new XmlScanError('encoding', message, at.line, at.column, offset);
  }
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1 && parts[0] !== undefined) return parts[0];
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function hex(b: number): string {
  return b.toString(16).toUpperCase().padStart(2, '0');
}

function latin1ToUtf8(chunk: Uint8Array): Uint8Array {
  const out = new Uint8Array(chunk.length * 2);
  let o = 0;
  for (let i = 0; i < chunk.length; i++) {
    const b = chunk[i] as number;
    if (b < 0x80) out[o++] = b;
    else {
      out[o++] = 0xc0 | (b >> 6);
      out[o++] = 0x80 | (b & 0x3f);
    }
  }
  return out.subarray(0, o);
}

function firstUndecodableByte(chunk: Uint8Array, label: string): number {
  const probe = new TextDecoder(label, { fatal: true });
  for (let i = 0; i < chunk.length; i++) {
    try {
      probe.decode(chunk.subarray(i, i + 1));
    } catch {
      return i;
    }
  }
  return 0;
}

function unitAt(data: Uint8Array, i: number, littleEndian: boolean): number {
  const a = data[i] as number;
  const b = data[i + 1] as number;
  return littleEndian ? a | (b << 8) : (a << 8) | b;
}

/** Index of the first unpaired surrogate (or of a truncated unit at the end of the input). */
function firstBadUtf16Unit(data: Uint8Array, littleEndian: boolean, final: boolean): number {
  let i = 0;
  while (i + 1 < data.length) {
    const unit = unitAt(data, i, littleEndian);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      if (i + 3 >= data.length) return final ? i : data.length;
      const next = unitAt(data, i + 2, littleEndian);
      if (next < 0xdc00 || next > 0xdfff) return i;
      i += 4;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      return i;
    } else i += 2;
  }
  return i;
}

/** The trailing bytes a streaming UTF-16 decoder has not produced output for yet. */
function pendingUtf16(data: Uint8Array, littleEndian: boolean): Uint8Array {
  let keep = data.length % 2;
  const last = data.length - keep - 2;
  if (last >= 0) {
    const unit = unitAt(data, last, littleEndian);
    if (unit >= 0xd800 && unit <= 0xdbff) keep += 2;
  }
  return data.slice(data.length - keep);
}
