import { describe, expect, it } from 'vitest';
import { UploadActivity } from './upload-activity';

describe('UploadActivity', () => {
  it('sums the adds under way and clears when the last one ends', () => {
    const activity = new UploadActivity();
    expect(activity.progress.get()).toBeNull();
    const first = activity.begin(3, 300);
    const second = activity.begin(1, 50);
    first.bytesSent(60);
    first.bytesSent(40);
    first.fileDone();
    second.bytesSent(50);
    second.fileDone();
    expect(activity.progress.get()).toEqual({
      filesDone: 2,
      filesTotal: 4,
      bytesDone: 150,
      bytesTotal: 350,
    });
    second.end();
    expect(activity.progress.get()).toEqual({
      filesDone: 1,
      filesTotal: 3,
      bytesDone: 100,
      bytesTotal: 300,
    });
    first.end();
    expect(activity.progress.get()).toBeNull();
  });

  it('counts bytes as they go out, and takes back those of a failed request', () => {
    const activity = new UploadActivity();
    const add = activity.begin(1, 1000);
    add.bytesSent(400);
    expect(activity.progress.get()).toMatchObject({ filesDone: 0, bytesDone: 400 });
    add.bytesSent(-400);
    add.bytesSent(1000);
    add.fileDone();
    expect(activity.progress.get()).toMatchObject({ filesDone: 1, bytesDone: 1000 });
    add.end();
  });

  it('cancel aborts every add under way, not the ones begun after it', () => {
    const activity = new UploadActivity();
    const first = activity.begin(2, 20);
    const second = activity.begin(2, 20);
    activity.cancel();
    expect(first.signal.aborted).toBe(true);
    expect(second.signal.aborted).toBe(true);
    const later = activity.begin(1, 10);
    expect(later.signal.aborted).toBe(false);
  });

  it('shows nothing for an add with nothing to upload', () => {
    const activity = new UploadActivity();
    const repeat = activity.begin(0, 0);
    expect(activity.progress.get()).toBeNull();
    repeat.end();
    expect(activity.progress.get()).toBeNull();
  });

  it('ignores files reported after an add ended', () => {
    const activity = new UploadActivity();
    const ended = activity.begin(1, 10);
    ended.end();
    const open = activity.begin(1, 10);
    ended.bytesSent(10);
    ended.fileDone();
    expect(activity.progress.get()).toEqual({
      filesDone: 0,
      filesTotal: 1,
      bytesDone: 0,
      bytesTotal: 10,
    });
    open.end();
  });
});
