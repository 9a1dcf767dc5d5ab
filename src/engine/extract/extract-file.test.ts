/** The extract task on one whole file, in-process (no pool): rows, types, policies, warnings. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseColumnSpec } from '../../shared/column-spec';
import { DEFAULT_JOB_OPTIONS, type ExtractOptions, type JobOptions } from '../../shared/tasks';
import type { FileRef, TaskContext } from '../tasks/types';
import { extractFile } from './extract-file';
import { rowPartPath } from './row-part';

const dir = mkdtempSync(path.join(tmpdir(), 'xmlpool-extract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fileRef(name: string, content: string): FileRef {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return { path: file, size: Buffer.byteLength(content), index: 0, relative: name };
}

function context(rowTag: string, extract: Partial<ExtractOptions>): TaskContext {
  const options: JobOptions = {
    ...DEFAULT_JOB_OPTIONS,
    task: 'extract',
    workers: 1,
    rowTag,
    extract: { ...DEFAULT_JOB_OPTIONS.extract, ...extract },
  };
  return {
    options,
    signal: new AbortController().signal,
    progress: () => {},
    workerId: 1,
    outputDir: dir,
  };
}

function part(index = 0): string {
  return readFileSync(rowPartPath(dir, index, 0), 'utf8');
}

describe('extractFile', () => {
  it('writes one CSV row per record with values, attributes, lists and typed cells', async () => {
    const doc = `<?xml version="1.0"?>
<!DOCTYPE c [<!ENTITY co "ACME">]>
<c xmlns:m="urn:m">
  <book id="1" m:lang="en"><title>A &amp; &co;</title><price currency="EUR"> 10.50 </price>
    <tags><tag>x</tag><tag>y</tag></tags></book>
  <group><book id="2"><title><![CDATA[B, "quoted"]]></title><price>oops</price></book></group>
  <book id="3"/>
</c>`;
    const columns = parseColumnSpec(
      'id=@id:int, lang=@m:lang, title=title, price=price:number, cur=price/@currency, tags=tags/tag:string[]',
    );
    const result = await extractFile(fileRef('a.xml', doc), context('book', { columns }));
    expect(result.ok).toBe(true);
    expect(result.extract).toEqual({ rows: 3, badValues: 1 });
    expect(result.warnings?.[0]?.code).toBe('bad-values');
    expect(part()).toBe('1,en,A & ACME,10.5,EUR,x|y\r\n2,,"B, ""quoted""",,,\r\n3,,,,,\r\n');
  });

  it('matches a namespace column even where another column matches the element as written', async () => {
    const doc = `<b:books xmlns:b="urn:books">
  <b:book isbn="1"><b:title>A</b:title></b:book>
  <book xmlns="urn:books" isbn="2"><title>B</title></book>
  <c:book xmlns:c="urn:books" isbn="3"><c:title>C</c:title></c:book>
</b:books>`;
    // `t=title` and `ct=c:title` (c not given with --ns) match by the written name.
    const columns = parseColumnSpec('bt=b:title, t=title, ct=c:title, isbn=@isbn');
    const result = await extractFile(
      fileRef('ns.xml', doc),
      context('b:book', { columns, namespaces: [{ prefix: 'b', uri: 'urn:books' }] }),
    );
    expect(result.errors).toEqual([]);
    expect(part()).toBe('A,,,1\r\nB,B,,2\r\nC,,C,3\r\n');
  });

  it('matches xml:lang and xml:space by namespace, the xml prefix being bound in every document', async () => {
    const doc = '<r><rec xml:lang="en"><t xml:space="preserve">x</t></rec><rec><t>y</t></rec></r>';
    const columns = parseColumnSpec('l=@x:lang, sp=t/@x:space, t=t');
    const result = await extractFile(
      fileRef('xml-ns.xml', doc),
      context('rec', {
        columns,
        namespaces: [{ prefix: 'x', uri: 'http://www.w3.org/XML/1998/namespace' }],
      }),
    );
    expect(result.errors).toEqual([]);
    expect(part()).toBe('en,preserve,x\r\n,,y\r\n');
  });

  it.each(['keep-rows', 'skip-file'] as const)(
    '--on-bad-value fail (%s): the error stands at the value, with no bad-values warning',
    async (onError) => {
      const doc = '<r><row><d>2024-02-29</d><t>x</t></row><row><d>2023-02-29</d><t>x</t></row></r>';
      const columns = parseColumnSpec('d=d:date');
      const result = await extractFile(
        fileRef('v.xml', doc),
        context('row', { columns, onBadValue: 'fail', onError }),
      );
      // Column 48 (offset 47) is the first character of the value, just after <d>.
      expect(result.errors).toEqual([
        {
          kind: 'value',
          line: 1,
          column: 48,
          offset: 47,
          message: 'column d (d): "2023-02-29" is not a date',
        },
      ]);
      expect(result.warnings).toBeUndefined();
      expect(result.extract).toEqual({ rows: onError === 'keep-rows' ? 1 : 0, badValues: 0 });
    },
  );

  it('--on-bad-value fail: a second value stands where that second element starts', async () => {
    const doc = '<r>\n<row>\n  <d>1</d>\n  <d>2</d>\n</row>\n</r>';
    const columns = parseColumnSpec('d=d:int');
    const result = await extractFile(
      fileRef('twice.xml', doc),
      context('row', { columns, onBadValue: 'fail' }),
    );
    expect(result.errors[0]).toMatchObject({ kind: 'value', line: 4, column: 6 });
    expect(result.errors[0]?.message).toBe(
      'column d (d): "2" is a second value for a single-value column',
    );
  });

  it('says where the first bad value stands, by line and column', async () => {
    const doc = '<r>\n<row n="1"/>\n<row n="x"/>\n<row>\n  <n>y</n></row>\n</r>';
    const columns = parseColumnSpec('a=@n:int, e=n:int');
    const result = await extractFile(fileRef('warn.xml', doc), context('row', { columns }));
    expect(result.ok).toBe(true);
    expect(result.extract).toEqual({ rows: 3, badValues: 2 });
    expect(result.warnings).toEqual([
      {
        code: 'bad-values',
        message:
          '2 values did not convert and were left empty; the first: column a (@n): "x" is not an int (line 3, column 13)',
      },
    ]);
  });
});
