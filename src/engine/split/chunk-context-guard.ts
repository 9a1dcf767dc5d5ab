/**
 * Checks the planner data a chunk unit carries (`ChunkSpec.context`) after it crossed into a
 * worker, where it arrives as `unknown`.
 */
import type { NamespaceUse } from '../../shared/results';
import type { EntityUse } from '../xml';
import type { ChunkContext, RootContext } from './types';

type Fields = Record<string, unknown>;

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNamespaceUse(value: unknown): value is NamespaceUse {
  return isRecord(value) && typeof value.prefix === 'string' && typeof value.uri === 'string';
}

function isEntity(value: unknown): value is [string, string] {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[0] === 'string' &&
    typeof value[1] === 'string'
  );
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isRootContext(value: unknown): value is RootContext {
  return (
    isRecord(value) &&
    typeof value.encoding === 'string' &&
    typeof value.rootName === 'string' &&
    Array.isArray(value.namespaces) &&
    value.namespaces.every(isNamespaceUse) &&
    Array.isArray(value.entities) &&
    value.entities.every(isEntity) &&
    isStringList(value.externalEntities) &&
    isStringList(value.unparsedEntities) &&
    typeof value.undeclaredEntitiesAllowed === 'boolean' &&
    typeof value.contentOffset === 'number' &&
    isRecord(value.openedAt) &&
    typeof value.openedAt.line === 'number' &&
    typeof value.openedAt.column === 'number'
  );
}

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0;

export function isEntityUse(value: unknown): value is EntityUse {
  return isRecord(value) && isCount(value.expansions) && isCount(value.expandedChars);
}

export function isChunkContext(value: unknown): value is ChunkContext {
  return (
    isRecord(value) &&
    typeof value.rowTag === 'string' &&
    isRootContext(value.root) &&
    (value.startAt === undefined || typeof value.startAt === 'number') &&
    (value.entityUse === undefined || isEntityUse(value.entityUse))
  );
}
