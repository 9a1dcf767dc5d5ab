import { describe, expect, it } from 'vitest';
import { IPC_ARGUMENT_PARSERS, ipcErrorMessage, isIpcInvokeChannel } from './ipc';
import { DEFAULT_JOB_OPTIONS } from './tasks';
import {
  isAbsolutePath,
  parseEnum,
  parseInteger,
  parseJobOptions,
  parsePathList,
  ValidationError,
} from './validate';

describe('validators', () => {
  it('accepts absolute POSIX, Windows and UNC paths only', () => {
    for (const path of ['/a/b.xml', 'C:\\data\\a.xml', 'd:/x', '\\\\server\\share\\a.xml']) {
      expect(isAbsolutePath(path), path).toBe(true);
    }
    for (const path of ['a.xml', './a', '', 'C:a', '/a\0b', 42, null, '\\\\']) {
      expect(isAbsolutePath(path), String(path)).toBe(false);
    }
    expect(() => parsePathList(['/ok', 'rel'], 'paths')).toThrow(
      'paths[1] must be an absolute path',
    );
    // A hole in a sparse array is not a path either.
    const sparse: string[] = ['/a.xml'];
    sparse[2] = '/c.xml';
    expect(() => parsePathList(sparse, 'paths')).toThrow('paths[1] must be an absolute path');
  });

  it('checks integers and enums', () => {
    expect(parseInteger(3, 'workers', 1, 4)).toBe(3);
    for (const bad of [0, 5, 2.5, Number.NaN, '3']) {
      expect(() => parseInteger(bad, 'workers', 1, 4)).toThrow(ValidationError);
    }
    expect(parseEnum('csv', ['csv', 'json'], 'format')).toBe('csv');
    expect(() => parseEnum('xml', ['csv', 'json'], 'format')).toThrow('format must be one of');
  });

  it('fills job options from defaults and refuses unknown or bad fields', () => {
    expect(parseJobOptions({ workers: 2 }, 4)).toEqual({ ...DEFAULT_JOB_OPTIONS, workers: 2 });
    expect(parseJobOptions({ rowTag: '' }, 4).rowTag).toBeNull();
    expect(parseJobOptions({ rowTag: 'ns:row' }, 4).rowTag).toBe('ns:row');
    expect(() => parseJobOptions({ rowTag: '<x' }, 4)).toThrow('rowTag');
    expect(() => parseJobOptions({ workers: 5 }, 4)).toThrow('options.workers');
    expect(() => parseJobOptions({ shell: 'rm -rf' }, 4)).toThrow('options.shell is not an option');
    expect(() => parseJobOptions(JSON.parse('{"__proto__": {"x": 1}}'), 4)).toThrow(
      'not an option',
    );
    expect(() => parseJobOptions({ outDir: 'relative' }, 4)).toThrow('options.outDir');
    expect(() => parseJobOptions({ convert: { parseNumbers: 'yes' } }, 4)).toThrow(
      'convert.parseNumbers',
    );
    expect(() => parseJobOptions({ limits: { maxDepth: 0 } }, 4)).toThrow('limits.maxDepth');
    for (const workers of [Number.POSITIVE_INFINITY, Number.NaN, 1.5, 2 ** 53]) {
      expect(() => parseJobOptions({ workers }, 4), String(workers)).toThrow('options.workers');
    }
    expect(() => parseJobOptions({ task: 'exec' }, 4)).toThrow('options.task');
    expect(() => parseJobOptions({ backend: 'cluster' }, 4)).toThrow('options.backend');
    expect(() => parseJobOptions({ convert: { extra: true } }, 4)).toThrow(
      'convert.extra is not an option',
    );
    const holes: string[] = [];
    holes[1] = 'a.b';
    expect(() => parseJobOptions({ convert: { alwaysArray: holes } }, 4)).toThrow(
      'convert.alwaysArray[0]',
    );
    expect(() => parseJobOptions([], 4)).toThrow('options must be an object');
  });

  it('checks the schema options', () => {
    const file = { mode: 'file', file: '/s/a.xsd', catalogs: ['/s/c.xml'], maxErrors: 5 };
    expect(parseJobOptions({ schema: file }, 4).schema).toEqual(file);
    expect(parseJobOptions({ schema: { mode: 'auto' } }, 4).schema).toEqual({
      ...DEFAULT_JOB_OPTIONS.schema,
      mode: 'auto',
    });
    expect(() => parseJobOptions({ schema: { mode: 'file' } }, 4)).toThrow('schema.file');
    expect(() => parseJobOptions({ schema: { mode: 'auto', file: '/a.xsd' } }, 4)).toThrow(
      'schema.file',
    );
    expect(() => parseJobOptions({ schema: { ...file, file: 'a.xsd' } }, 4)).toThrow(
      'schema.file must be an absolute path',
    );
    expect(() => parseJobOptions({ schema: { ...file, catalogs: ['c.xml'] } }, 4)).toThrow(
      'schema.catalogs[0]',
    );
    expect(() => parseJobOptions({ schema: { ...file, maxErrors: 0 } }, 4)).toThrow(
      'schema.maxErrors',
    );
    expect(() => parseJobOptions({ schema: { ...file, mode: 'remote' } }, 4)).toThrow(
      'schema.mode',
    );
  });
});

describe('IPC argument parsers', () => {
  it('check the arity and the type of every argument', () => {
    expect(IPC_ARGUMENT_PARSERS['xmlpool:add-paths']([['/a.xml']])).toEqual([['/a.xml']]);
    expect(() => IPC_ARGUMENT_PARSERS['xmlpool:add-paths']([])).toThrow('expected 1 argument');
    expect(() => IPC_ARGUMENT_PARSERS['xmlpool:cancel'](['extra'])).toThrow('no arguments');
    expect(() => IPC_ARGUMENT_PARSERS['xmlpool:resize']([0])).toThrow('workers');
    expect(() => IPC_ARGUMENT_PARSERS['xmlpool:pick-inputs'](['anything'])).toThrow('kind');
    expect(IPC_ARGUMENT_PARSERS['xmlpool:export-report'](['ndjson'])).toEqual(['ndjson']);
  });

  it('know their channels and unwrap Electron error messages', () => {
    expect(isIpcInvokeChannel('xmlpool:start-job')).toBe(true);
    expect(isIpcInvokeChannel('constructor')).toBe(false);
    expect(
      ipcErrorMessage(
        new Error("Error invoking remote method 'xmlpool:start-job': ValidationError: bad workers"),
      ),
    ).toBe('bad workers');
  });
});
