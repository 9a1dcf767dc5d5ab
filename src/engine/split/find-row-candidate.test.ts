import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANDIDATE_BLOCK_BYTES, findRowCandidate } from './find-row-candidate';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xmlpool-candidate-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function search(content: Buffer | string, from: number, tag = 'row'): Promise<number | null> {
  const path = join(dir, `f-${Math.random().toString(36).slice(2)}.xml`);
  await writeFile(path, content);
  const handle = await open(path, 'r');
  try {
    const size = Buffer.byteLength(content);
    return await findRowCandidate(handle, tag, from, size);
  } finally {
    await handle.close();
  }
}

describe('findRowCandidate', () => {
  it('needs whitespace, / or > after the name', async () => {
    const text = '<root><rows/><rowx/><row\tid="1"/><row/></root>';
    expect(await search(text, 0)).toBe(text.indexOf('<row\t'));
    expect(await search(text, text.indexOf('<row\t') + 1)).toBe(text.indexOf('<row/>'));
    expect(await search(text, text.indexOf('<row/>') + 1)).toBeNull();
  });

  it('finds a tag whose name or deciding byte straddles a read block edge', async () => {
    for (const shift of [1, 2, 3, 4, 5]) {
      const prefix = 'x'.repeat(CANDIDATE_BLOCK_BYTES - shift);
      const text = `${prefix}<row>tail`;
      expect(await search(text, 0)).toBe(prefix.length);
    }
  });

  it('lands at a whole character after multi-byte UTF-8', async () => {
    const text = `<root>${'é€😀'.repeat(1000)}<row>a</row></root>`;
    const at = await search(text, 3);
    expect(at).toBe(Buffer.byteLength(text.slice(0, text.indexOf('<row>'))));
  });

  it('handles names with non-ASCII characters and prefixes', async () => {
    const text = '<r><ns:ligne a="1"/><ns:lignée/></r>';
    expect(await search(text, 0, 'ns:lignée')).toBe(Buffer.byteLength('<r><ns:ligne a="1"/>'));
  });
});
