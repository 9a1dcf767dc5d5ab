/**
 * Runtime validation of every RPC call's arguments. Method names come from this fixed map; the
 * argument count must match exactly, and each argument goes through the shared validators
 * (src/shared/validate: types, ranges, enums, unknown fields refused) plus browser-mode rules:
 * only uploaded files may be added, and convert's output folder is the server's to choose.
 */
import { resolve, sep } from 'node:path';
import type { RpcMethod, RpcMethods } from '../shared/browser-protocol';
import type { JobOptions } from '../shared/tasks';
import {
  parseAbsolutePath,
  parseExtractInferRequest,
  parseInputIds,
  parseInteger,
  parseJobOptions,
  parseOffset,
  parseOptionalInputIds,
  parsePathList,
  parseReportFormat,
  ValidationError,
} from '../shared/validate';

export interface RpcValidationContext {
  /** Browser mode only adds files that were uploaded into this folder. */
  uploadsDir: string;
  /** The slider's maximum. */
  maxWorkers: number;
}

export type RpcValidators = { [M in RpcMethod]: (args: unknown[]) => RpcMethods[M]['args'] };

function none(args: unknown[]): [] {
  if (args.length !== 0) throw new ValidationError('this call takes no arguments');
  return [];
}

function one<T>(parse: (value: unknown) => T, name: string): (args: unknown[]) => [T] {
  return (args) => {
    if (args.length !== 1) {
      throw new ValidationError(`this call takes exactly one argument (${name})`);
    }
    return [parse(args[0])];
  };
}

function uploadedPaths(uploadsDir: string): (value: unknown) => string[] {
  return (value) =>
    parsePathList(value, 'paths').map((path, i) => {
      if (resolve(path) !== path || !path.startsWith(uploadsDir + sep)) {
        throw new ValidationError(`paths[${i}] must be inside this session's upload folder`);
      }
      return path;
    });
}

function browserJobOptions(maxWorkers: number, uploadsDir: string): (value: unknown) => JobOptions {
  return (value) => {
    const options = parseJobOptions(value, maxWorkers);
    if (options.outDir !== null || options.force) {
      throw new ValidationError(
        'options.outDir and options.force are not available in browser mode',
      );
    }
    // The schema and catalogs were uploaded like the inputs; nothing else may be named.
    const { file, catalogs } = options.schema;
    const named = [...(file === null ? [] : [file]), ...catalogs];
    if (named.length > 0) uploadedPaths(uploadsDir)(named);
    const cluster = options.cluster;
    const files = cluster && [
      cluster.credsFile,
      cluster.nkeyFile,
      cluster.tlsCaFile,
      cluster.tlsCertFile,
      cluster.tlsKeyFile,
    ];
    if (files?.some((file) => file !== null)) {
      throw new ValidationError(
        'cluster credential and TLS files are not available in browser mode',
      );
    }
    return options;
  };
}

export function createRpcValidators(context: RpcValidationContext): RpcValidators {
  return {
    getSystemInfo: none,
    addPaths: one(uploadedPaths(context.uploadsDir), 'paths'),
    listInputs: none,
    removeInputs: one(parseInputIds, 'ids'),
    clearInputs: none,
    // inputIds is optional: [options] runs every listed input, as [options, null] does.
    startJob: (args) => {
      if (args.length !== 1 && args.length !== 2) {
        throw new ValidationError('this call takes one or two arguments (options, inputIds)');
      }
      return [
        browserJobOptions(context.maxWorkers, context.uploadsDir)(args[0]),
        parseOptionalInputIds(args[1]),
      ];
    },
    resize: one((value) => parseInteger(value, 'workers', 1, context.maxWorkers), 'workers'),
    cancel: none,
    getResults: none,
    readSource: (args) => {
      if (args.length !== 2) throw new ValidationError('this call takes a file and an offset');
      return [parseAbsolutePath(args[0], 'file'), parseOffset(args[1])];
    },
    exportReport: one(parseReportFormat, 'format'),
    exportOutputs: none,
    getTimeline: none,
    exportHtmlReport: none,
    inferExtract: one(parseExtractInferRequest, 'request'),
    previewExtract: one(browserJobOptions(context.maxWorkers, context.uploadsDir), 'options'),
    exportTable: none,
  };
}
