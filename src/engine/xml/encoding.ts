/**
 * Encoding detection (XML 1.0 appendix F): byte order mark first, then the XML declaration's
 * encoding name. Only the first bytes of a document are looked at; the scanner later checks the
 * declaration itself at its exact position.
 */

/** How the bytes become the scanner's UTF-8. */
export type EncodingPlan =
  | { kind: 'utf-8'; name: 'UTF-8'; bom: number }
  | { kind: 'us-ascii'; name: 'US-ASCII' }
  | { kind: 'utf-16'; name: 'UTF-16LE' | 'UTF-16BE'; bom: number }
  | { kind: 'latin-1'; name: 'ISO-8859-1' }
  | { kind: 'single-byte'; name: string; label: string }
  | { kind: 'unsupported'; name: string; message: string };

/** Bytes to look at before deciding: enough for any reasonable XML declaration. */
export const DETECTION_BYTES = 1024;

const LATIN1_LABELS = new Set([
  'iso-8859-1',
  'iso8859-1',
  'iso_8859-1',
  'latin1',
  'l1',
  'iso-ir-100',
  'cp819',
  'ibm819',
]);
const ASCII_LABELS = new Set(['us-ascii', 'ascii', 'iso646-us', 'ansi_x3.4-1968']);
const UTF8_LABELS = new Set(['utf-8', 'utf8']);

/** Single-byte encodings TextDecoder knows (WHATWG names), where one byte is one character. */
function isSingleByte(whatwgName: string): boolean {
  return (
    whatwgName.startsWith('iso-8859-') ||
    whatwgName.startsWith('windows-125') ||
    whatwgName === 'windows-874' ||
    whatwgName.startsWith('koi8-') ||
    whatwgName === 'ibm866' ||
    whatwgName === 'macintosh' ||
    whatwgName === 'x-mac-cyrillic'
  );
}

/**
 * Decides from the document's first bytes (up to DETECTION_BYTES, or all of a shorter document).
 * Returns null when more bytes are needed to decide.
 */
export function detectEncoding(head: Uint8Array, complete: boolean): EncodingPlan | null {
  const b0 = head[0];
  const b1 = head[1];
  const b2 = head[2];
  const b3 = head[3];
  if (head.length < 4 && !complete) return null;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { kind: 'utf-8', name: 'UTF-8', bom: 3 };
  if (b0 === 0xff && b1 === 0xfe) {
    if (b2 === 0 && b3 === 0) return unsupported('UTF-32LE');
    return { kind: 'utf-16', name: 'UTF-16LE', bom: 2 };
  }
  if (b0 === 0xfe && b1 === 0xff) return { kind: 'utf-16', name: 'UTF-16BE', bom: 2 };
  if (b0 === 0x3c && b1 === 0x00 && b2 === 0x3f && b3 === 0x00) {
    return { kind: 'utf-16', name: 'UTF-16LE', bom: 0 };
  }
  if (b0 === 0x00 && b1 === 0x3c && b2 === 0x00 && b3 === 0x3f) {
    return { kind: 'utf-16', name: 'UTF-16BE', bom: 0 };
  }
  if (
    (b0 === 0 && b1 === 0 && b2 === 0 && b3 === 0x3c) ||
    (b0 === 0x3c && b1 === 0 && b2 === 0 && b3 === 0)
  ) {
    return unsupported('UCS-4');
  }
  if (b0 === 0x4c && b1 === 0x6f && b2 === 0xa7 && b3 === 0x94) return unsupported('EBCDIC');
  if (!(b0 === 0x3c && b1 === 0x3f && b2 === 0x78 && b3 === 0x6d)) {
    return { kind: 'utf-8', name: 'UTF-8', bom: 0 };
  }
  const declared = declaredEncoding(head, complete);
  if (declared === undefined) return null;
  const plan = declared === null ? null : planForLabel(declared);
  // An unsupported name is reported by the scanner, at its exact position in the declaration.
  if (plan === null || plan.kind === 'unsupported') return { kind: 'utf-8', name: 'UTF-8', bom: 0 };
  return plan;
}

function unsupported(name: string): EncodingPlan {
  return {
    kind: 'unsupported',
    name,
    message: `the ${name} encoding is not supported (supported: UTF-8, UTF-16, ISO-8859-x, windows-125x, US-ASCII)`,
  };
}

/** The plan for an encoding name declared in an ASCII-compatible document. */
export function planForLabel(declared: string): EncodingPlan {
  const label = declared.toLowerCase();
  if (UTF8_LABELS.has(label)) return { kind: 'utf-8', name: 'UTF-8', bom: 0 };
  if (ASCII_LABELS.has(label)) return { kind: 'us-ascii', name: 'US-ASCII' };
  if (LATIN1_LABELS.has(label)) return { kind: 'latin-1', name: 'ISO-8859-1' };
  let whatwg: string;
  try {
    whatwg = new TextDecoder(label).encoding;
  } catch {
    return unsupported(declared);
  }
  if (isSingleByte(whatwg))
    return { kind: 'single-byte', name: declared.toUpperCase(), label: whatwg };
  return unsupported(declared);
}

/**
 * The encoding name from `<?xml ... encoding="..." ...?>` at the head, read as ASCII.
 * null: no encoding declared. undefined: the declaration is not complete yet.
 */
function declaredEncoding(head: Uint8Array, complete: boolean): string | null | undefined {
  let end = -1;
  for (let i = 5; i + 1 < head.length; i++) {
    if (head[i] === 0x3f && head[i + 1] === 0x3e) {
      end = i;
      break;
    }
    if (head[i] === 0x3c) break;
  }
  if (end < 0) return head.length >= DETECTION_BYTES || complete ? null : undefined;
  let text = '';
  for (let i = 0; i < end; i++) text += String.fromCharCode(head[i] as number);
  const match = /\sencoding\s*=\s*(["'])([^"']*)\1/.exec(text);
  return match?.[2] ?? null;
}

/** Whether a declared encoding name is consistent with how the document was detected. */
export function encodingMismatch(plan: EncodingPlan, declared: string): string | null {
  const label = declared.toLowerCase();
  if (plan.kind === 'utf-16') {
    if (label === 'utf-16' || label === plan.name.toLowerCase()) return null;
    return `the document is encoded in ${plan.name} but declares encoding="${declared}"`;
  }
  if (plan.kind === 'utf-8' && plan.bom > 0) {
    if (UTF8_LABELS.has(label)) return null;
    return `the document starts with a UTF-8 byte order mark but declares encoding="${declared}"`;
  }
  if (plan.kind === 'utf-8' && label.startsWith('utf-16')) {
    return `encoding="${declared}" is declared, but the document is not UTF-16 (no byte order mark, 8-bit characters)`;
  }
  const declaredPlan = planForLabel(declared);
  if (declaredPlan.kind === 'unsupported') return declaredPlan.message;
  return null;
}
