import { describe, expect, it } from 'vitest';
import { batchHeaderLine, groupIntoRequests } from './upload-requests';

const limits = { maxFiles: 3, maxBytes: 100 };
const sizeOf = (file: { size: number }) => file.size;

function files(...sizes: number[]) {
  return sizes.map((size, index) => ({ name: `f${index}`, size }));
}

describe('groupIntoRequests', () => {
  it('puts small files together, at most maxFiles to a batch, keeping their order', () => {
    const seven = files(1, 1, 1, 1, 1, 1, 1);
    const requests = groupIntoRequests(seven, sizeOf, limits);
    expect(requests).toEqual([
      { kind: 'batch', files: seven.slice(0, 3) },
      { kind: 'batch', files: seven.slice(3, 6) },
      { kind: 'batch', files: seven.slice(6) },
    ]);
  });

  it('starts a new batch before the bytes would pass maxBytes', () => {
    const four = files(60, 40, 1, 100);
    expect(groupIntoRequests(four, sizeOf, limits)).toEqual([
      { kind: 'batch', files: [four[0], four[1]] },
      { kind: 'batch', files: [four[2]] },
      { kind: 'batch', files: [four[3]] },
    ]);
  });

  it('sends a file bigger than maxBytes alone, as a single streamed upload', () => {
    const mixed = files(10, 101, 10, 0);
    expect(groupIntoRequests(mixed, sizeOf, limits)).toEqual([
      { kind: 'single', file: mixed[1] },
      { kind: 'batch', files: [mixed[0], mixed[2], mixed[3]] },
    ]);
  });

  it('makes no request for no files', () => {
    expect(groupIntoRequests([], sizeOf, limits)).toEqual([]);
  });

  it('uploads every file exactly once', () => {
    const many = files(...Array.from({ length: 200 }, (_, i) => (i * 37) % 150));
    const sent = groupIntoRequests(many, sizeOf, limits).flatMap((request) =>
      request.kind === 'single' ? [request.file] : request.files,
    );
    expect(sent.map((file) => file.name).sort()).toEqual(many.map((file) => file.name).sort());
  });
});

describe('batchHeaderLine', () => {
  it('is one line of JSON, even for paths holding newlines', () => {
    const header = [
      { path: 'data/a\nb.xml', size: 3 },
      { path: 'data/ü.xml', size: 0 },
    ];
    const line = batchHeaderLine(header);
    expect(line.indexOf('\n')).toBe(line.length - 1);
    expect(JSON.parse(line)).toEqual(header);
  });
});
