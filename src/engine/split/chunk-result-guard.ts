/**
 * Checks a chunk result that came back from a worker (structured-cloned, so only its shape can be
 * trusted after checking it field by field).
 */
import {
  ERROR_KINDS,
  type NamespaceUse,
  type PathCount,
  type XmlError,
} from '../../shared/results';
import { isEntityUse } from './chunk-context-guard';
import type { BadValueNote, ChunkConvert, ChunkExtract, ChunkResult, ChunkStats } from './types';

type Fields = Record<string, unknown>;

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function isCountOrNull(value: unknown): value is number | null {
  return value === null || isCount(value);
}

export function isXmlError(value: unknown): value is XmlError {
  return (
    isRecord(value) &&
    typeof value.kind === 'string' &&
    (ERROR_KINDS as readonly string[]).includes(value.kind) &&
    isCountOrNull(value.line) &&
    isCountOrNull(value.column) &&
    isCountOrNull(value.offset) &&
    typeof value.message === 'string'
  );
}

function isNamespaceUse(value: unknown): value is NamespaceUse {
  return isRecord(value) && typeof value.prefix === 'string' && typeof value.uri === 'string';
}

function isPathCount(value: unknown): value is PathCount {
  return isRecord(value) && typeof value.path === 'string' && isCount(value.count);
}

function isChunkStats(value: unknown): value is ChunkStats {
  return (
    isRecord(value) &&
    isCount(value.elements) &&
    isCount(value.attributes) &&
    isCount(value.textBytes) &&
    isCount(value.maxDepth) &&
    (value.root === null || typeof value.root === 'string') &&
    typeof value.encoding === 'string' &&
    Array.isArray(value.namespaces) &&
    value.namespaces.every(isNamespaceUse) &&
    Array.isArray(value.paths) &&
    value.paths.every(isPathCount) &&
    typeof value.pathsTruncated === 'boolean' &&
    typeof value.namespacesTruncated === 'boolean' &&
    typeof value.capsReached === 'boolean'
  );
}

function isChunkConvert(value: unknown): value is ChunkConvert {
  return (
    isRecord(value) &&
    typeof value.output === 'string' &&
    typeof value.part === 'string' &&
    isCount(value.records) &&
    isCount(value.rows)
  );
}

function isBadValueNote(value: unknown): value is BadValueNote {
  return (
    isRecord(value) &&
    typeof value.message === 'string' &&
    isCountOrNull(value.line) &&
    isCountOrNull(value.column)
  );
}

function isChunkExtract(value: unknown): value is ChunkExtract {
  return (
    isRecord(value) &&
    (value.part === null || typeof value.part === 'string') &&
    isCount(value.rows) &&
    isCount(value.records) &&
    isCount(value.badValues) &&
    (value.firstBadValue === null || isBadValueNote(value.firstBadValue)) &&
    isCount(value.truncatedCells)
  );
}

export function isChunkResult(value: unknown): value is ChunkResult {
  return (
    isRecord(value) &&
    isCount(value.seq) &&
    typeof value.workerId === 'number' &&
    isCount(value.start) &&
    isCount(value.stop) &&
    typeof value.found === 'boolean' &&
    typeof value.reachedEnd === 'boolean' &&
    isCount(value.lineBreaks) &&
    isCount(value.charsSinceLastBreak) &&
    isCount(value.elements) &&
    isEntityUse(value.entityUse) &&
    (value.error === null || isXmlError(value.error)) &&
    (value.stats === null || isChunkStats(value.stats)) &&
    (value.convert === null || isChunkConvert(value.convert)) &&
    (value.extract === null || isChunkExtract(value.extract))
  );
}
