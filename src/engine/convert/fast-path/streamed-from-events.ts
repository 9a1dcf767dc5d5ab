/**
 * A whole document too big to hold as one JSON value (streamed-document.ts) on the fast path:
 * the root's children come from the scan's events as JSON text and are spooled by
 * StreamedDocument, grouped by name, exactly as fast-xml-parser's values of them would be; the
 * head (instructions before the root, the root's attributes) is rendered here.
 *
 * What StreamedDocument cannot group (text or instructions in the root or after it, an
 * instruction repeated before it, an attribute key equal to a child's name) is unsupported here,
 * as it is for fast-xml-parser's streamed path; the caller then parses the document whole.
 */
import type { ConvertOptions } from '../../../shared/tasks';
import type { StreamedDocument } from '../streamed-document';
import { type EventsScanRequest, type FromEvents, scanInto } from './convert-from-events';
import { JsonFromEvents } from './json-from-events';

/** fast-xml-parser's value for the prolog and an empty root: instructions, then the root. */
export type DocumentHead = Record<string, unknown>;

export async function streamedFromEvents(
  request: EventsScanRequest,
  options: ConvertOptions,
  rootName: string,
  document: StreamedDocument,
): Promise<FromEvents<DocumentHead>> {
  const head: DocumentHead = {};
  let attributeKeys: string[] = [];
  let refusal: string | null = null;
  let pendingName = '';
  let pending: string[] = [];
  // Spooled in runs of one name, as they come: spooling is asynchronous, events are not.
  const runs: [string, string[]][] = [];
  const builder = new JsonFromEvents({
    options,
    mode: 'children',
    rootName,
    children: {
      root(name, _key, attributes) {
        const value: unknown = attributes === '' ? '' : JSON.parse(`{${attributes}}`);
        if (typeof value === 'object' && value !== null) attributeKeys = Object.keys(value);
        head[name] = value;
      },
      child(name, _key, value) {
        if (name !== pendingName && pending.length > 0) {
          runs.push([pendingName, pending]);
          pending = [];
        }
        pendingName = name;
        pending.push(value);
      },
      instruction(key, value, part) {
        const name: unknown = JSON.parse(key);
        if (part !== 'prolog' || typeof name !== 'string' || name in head) {
          refusal ??= `an instruction ${part === 'prolog' ? 'repeated before' : 'in or after'} the root`;
          return;
        }
        head[name] = JSON.parse(value);
      },
    },
  });
  const spool = async () => {
    if (pending.length > 0) runs.push([pendingName, pending]);
    pending = [];
    for (const [name, values] of runs.splice(0)) await document.spool(name, values);
  };
  const scan = await scanInto(request, builder, spool, () => refusal);
  if ('unsupported' in scan) return scan;
  if (scan.error === null) await spool();
  // fast-xml-parser merges an attribute's key and a child's name (an attribute prefix of '').
  if (document.collidesWith(attributeKeys)) {
    return { unsupported: 'an attribute of the root named like one of its children' };
  }
  return { unsupported: null, scan, value: head };
}
