/**
 * xmlpool's streaming XML scanner: XML 1.0 (5th edition) + Namespaces 1.0 well-formedness,
 * push-based over byte chunks of any size, positions exact for any file size.
 *
 * Whole documents (any supported encoding):
 *   const scanner = new XmlStreamScanner(handler, { limits });
 *   scanner.write(chunk) ... scanner.end();   // throws XmlScanError on the first fatal error
 *   scanner.encoding, scanner.core.elements, scanner.core.maxDepthSeen
 *
 * Events (XmlHandler, all optional): startElement(name, depth, offset, attributes),
 * endElement(name, depth), text(utf8Bytes, text|null), namespace(prefix, uri). Attributes are read
 * on demand during startElement only; text strings only with `textStrings: true`.
 *
 * Splitting one UTF-8 file across workers (fragment mode):
 *   1. const prolog = await readPrologContext(headBytesOrChunks);      // once per file
 *   2. For each record-aligned fragment [start, end):
 *        const scanner = new XmlScanner(handler, {
 *          startOffset: start,                       // absolute offset of the first byte written
 *          context: prolog.context,                  // inside the root element
 *          stop: { rowTag, fromOffset: end },        // optional: stop before the next fragment
 *          limits,
 *        });
 *        scanner.write(bytes from start...) ... ; scanner.finish() when the file ends.
 *      After the stop (scanner.stoppedAt = absolute offset of the row tag's '<') or the end,
 *      scanner.position() gives { offset, line, column, lineBreaks, charsSinceLineBreak }.
 *   A fragment that starts at `prolog.offset` (right after the root start tag) and runs to the end
 *   of the file sees exactly what a sequential scan sees after the root start tag.
 *   Positions: errors carry the absolute byte offset, and line/column relative to the fragment
 *   (line 1, column 1 = its first byte). To make them absolute, add up the previous fragments'
 *   lineBreaks / charsSinceLineBreak from (prolog.line, prolog.column):
 *     line = startLine + relLine - 1;  column = relLine === 1 ? startColumn + relColumn - 1 : relColumn.
 *   shiftScanError(error, startLine, startColumn) does exactly that, including the "opened at"
 *   position inside the message.
 *   Counts: a fragment counts the elements whose start tags it contains (the root start tag belongs
 *   to the prolog scan); entity-expansion limits are counted per fragment.
 */
export { detectEncoding, type EncodingPlan } from './encoding';
export type { EntityUse } from './entities';
export { shiftScanError, XmlScanError } from './errors';
export { type PrologContext, type PrologError, readPrologContext } from './prolog-context';
export { toScanError } from './scan-error';
export {
  type Attributes,
  type FragmentContext,
  type ScanOptions,
  type ScanPosition,
  type StopAt,
  type TextSource,
  XML_NAMESPACE,
  XMLNS_NAMESPACE,
  type XmlHandler,
  XmlScanner,
} from './scanner';
export { type DocumentScanOptions, XmlStreamScanner } from './stream-scanner';
