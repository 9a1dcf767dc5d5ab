import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expandInputs } from './expand';

/** Node has no mkfifo; the system's is there on Linux and macOS. */
function mkfifoSync(path: string): void {
  execFileSync('mkfifo', [path]);
}

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'xmlpool-expand-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function put(rel: string, content = '<a/>'): string {
  const path = join(dir, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

describe('expandInputs', () => {
  it('walks folders recursively, keeps *.xml by base name, sorted by name, with sizes', async () => {
    put('data/b.xml', '<b/>');
    put('data/a.xml', '<a>1</a>');
    put('data/sub/c.xml');
    put('data/notes.txt');
    put('data/.hidden.xml');
    const inputs = await expandInputs([join(dir, 'data')], { include: ['*.xml'] });
    expect(inputs.map((i) => i.relative)).toEqual(['.hidden.xml', 'a.xml', 'b.xml', 'sub/c.xml']);
    expect(inputs.map((i) => i.path)).toEqual(
      ['.hidden.xml', 'a.xml', 'b.xml', 'sub/c.xml'].map((rel) => join(dir, 'data', rel)),
    );
    expect(inputs[1]).toMatchObject({ size: 8, error: null });
  });

  it('matches a glob with a slash against the path relative to the folder', async () => {
    put('data/2024/jan/a.xml');
    put('data/2023/b.xml');
    put('data/c.xml');
    const inputs = await expandInputs([join(dir, 'data')], { include: ['2024/**/*.xml'] });
    expect(inputs.map((i) => i.relative)).toEqual(['2024/jan/a.xml']);
  });

  it('takes names that start with a line terminator, with any glob', async () => {
    // picomatch matched them with no glob at all, not even `*`: they were silently left out.
    const names = ['\nlead.xml', '\rcr.xml', '\u2028ls.xml', 'mid\ndle.xml', 'plain.xml'];
    for (const name of names) put(`data/${name}`);
    put('data/\ndir/inner.xml');
    const sorted = [...names, '\ndir/inner.xml'].sort();
    for (const include of [['*.xml'], ['*'], ['**/*.xml'], ['?lead.xml', '**/?dir/*.xml']]) {
      const inputs = await expandInputs([join(dir, 'data')], { include });
      const expected = include[0] === '?lead.xml' ? ['\ndir/inner.xml', '\nlead.xml'] : sorted;
      expect(
        inputs.map((i) => i.relative),
        JSON.stringify(include),
      ).toEqual(expected);
    }
  });

  it('takes explicit files whatever their extension, in argument order', async () => {
    const txt = put('notes.txt', 'hello');
    const xml = put('z.xml');
    const inputs = await expandInputs([xml, txt], { include: ['*.xml'] });
    expect(inputs.map((i) => [i.path, i.relative, i.size])).toEqual([
      [xml, 'z.xml', 4],
      [txt, 'notes.txt', 5],
    ]);
  });

  it('reports a missing path as an io error and goes on', async () => {
    const xml = put('ok.xml');
    const missing = join(dir, 'missing.xml');
    const inputs = await expandInputs([missing, xml], { include: ['*.xml'] });
    expect(inputs).toHaveLength(2);
    expect(inputs[0]).toMatchObject({ path: missing, size: null });
    expect(inputs[0]?.error?.kind).toBe('io');
    expect(inputs[0]?.error?.message).toContain('no such file');
    expect(inputs[1]?.error).toBeNull();
  });

  it('reports an unreadable file inside a folder', async (context) => {
    if (process.getuid?.() === 0) context.skip('root reads files whatever their mode');
    const path = put('data/secret.xml');
    chmodSync(path, 0o000);
    const inputs = await expandInputs([join(dir, 'data')], { include: ['*.xml'] });
    expect(inputs).toHaveLength(1);
    expect(inputs[0]?.error?.kind).toBe('io');
    expect(inputs[0]?.error?.message).toContain('permission denied');
  });

  it('reports symlink loops instead of following them forever', async () => {
    put('data/a.xml');
    symlinkSync(join(dir, 'data'), join(dir, 'data/back')); // folder link to an ancestor
    symlinkSync(join(dir, 'data/self.xml'), join(dir, 'data/self.xml')); // link to itself
    const inputs = await expandInputs([join(dir, 'data')], { include: ['*.xml'] });
    expect(inputs.map((i) => [i.relative, i.error?.kind ?? null])).toEqual([
      ['a.xml', null],
      ['back', 'io'],
      ['self.xml', 'io'],
    ]);
    expect(inputs[1]?.error?.message).toContain('symlink loop');
    expect(inputs[2]?.error?.message).toContain('symlink loop');
  });

  it('reports a FIFO and a dangling link with their paths; a folder named x.xml is walked', async () => {
    const fifo = join(dir, 'data/pipe.xml');
    put('data/x.xml/inner.xml');
    mkfifoSync(fifo);
    symlinkSync(join(dir, 'nowhere.xml'), join(dir, 'data/dangling.xml'));
    const inputs = await expandInputs([join(dir, 'data')], { include: ['*.xml'] });
    expect(inputs.map((i) => [i.relative, i.error?.message ?? null])).toEqual([
      ['dangling.xml', `no such file or directory: ${join(dir, 'data/dangling.xml')}`],
      ['pipe.xml', `not a regular file: ${fifo}`],
      ['x.xml/inner.xml', null],
    ]);
  });

  it('keeps the bytes of names that are not UTF-8, escaped, and can open them', async (context) => {
    const data = join(dir, 'data');
    const bytePath = (...parts: (string | number[])[]) =>
      Buffer.concat([Buffer.from(`${data}/`), ...parts.map((part) => Buffer.from(part))]);
    mkdirSync(data);
    try {
      writeFileSync(bytePath('caf', [0xe9], '.xml'), '<a/>');
    } catch {
      context.skip('this file system only takes UTF-8 names');
    }
    // Two names that differ only in their invalid byte, one that spells an escape literally,
    // and a folder whose own name is not UTF-8.
    writeFileSync(bytePath('caf', [0xe8], '.xml'), '<b>2</b>');
    writeFileSync(bytePath('caf\\xe9.xml'), '<c>33</c>');
    mkdirSync(bytePath([0xff], 'dir'));
    writeFileSync(bytePath([0xff], 'dir/in.xml'), '<d>444</d>');
    const inputs = await expandInputs([data], { include: ['*.xml'] });
    // Sorted by the escaped names, as every folder is sorted by its names.
    expect(inputs.map((input) => [input.relative, input.size, input.error])).toEqual([
      ['\\xffdir/in.xml', 10, null],
      ['caf\\x5cxe9.xml', 9, null],
      ['caf\\xe8.xml', 8, null],
      ['caf\\xe9.xml', 4, null],
    ]);
    expect(inputs[3]?.path).toBe(join(data, 'caf\\xe9.xml'));
  });

  it('keeps one entry per real file, where it was first seen', async () => {
    const a = put('data/a.xml');
    symlinkSync(a, join(dir, 'data/link.xml'));
    const inputs = await expandInputs([a, join(dir, 'data')], { include: ['*.xml'] });
    expect(inputs.map((i) => i.path)).toEqual([a]);
  });

  it('counts a hard link to a file already taken as the same file', async () => {
    const a = put('data/a.xml');
    linkSync(a, join(dir, 'data/b.xml'));
    const inputs = await expandInputs([join(dir, 'data')], { include: ['*.xml'] });
    expect(inputs.map((i) => i.relative)).toEqual(['a.xml']);
  });

  it('keeps name order in a folder with more entries than lookups run at once', async () => {
    const names = Array.from({ length: 150 }, (_, i) => `f${String(149 - i).padStart(3, '0')}.xml`);
    for (const [i, name] of names.entries()) put(`many/${name}`, `<a>${'x'.repeat(i)}</a>`);
    const inputs = await expandInputs([join(dir, 'many')], { include: ['*.xml'] });
    const sorted = [...names].sort();
    expect(inputs.map((i) => i.relative)).toEqual(sorted);
    // Each size belongs to its own file: f149 was written first (i = 0), f000 last.
    expect(inputs[0]).toMatchObject({ relative: 'f000.xml', size: 7 + 149 });
    expect(inputs[149]).toMatchObject({ relative: 'f149.xml', size: 7 });
  });

  it('refuses an empty or blank include glob with a message, not a picomatch stack', async () => {
    put('data/a.xml');
    for (const include of [[''], ['*.xml', '  ']]) {
      await expect(expandInputs([join(dir, 'data')], { include })).rejects.toThrow(
        /^include glob "\s*" is empty: give a pattern such as '\*\.xml'$/,
      );
    }
  });
});
