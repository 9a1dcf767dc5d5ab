/**
 * The service's input list: files in the order they were added, each listed once (by real path,
 * so a file reached through a symlink or two folders is one input), with its status in the
 * current job.
 */
import { realpath } from 'node:fs/promises';
import type { InputEntry, InputStatus } from '../../shared/api';
import type { ExpandedInput } from '../input/types';

interface ListedInput {
  entry: InputEntry;
  input: ExpandedInput;
}

export class InputList {
  /** Keyed by id (real path); a Map keeps insertion order, which is the list's order. */
  private readonly inputs = new Map<string, ListedInput>();

  /** `displayPath`: the path the user knows a file by, when it is not the real one (uploads). */
  constructor(private readonly displayPath?: (path: string) => string) {}

  get size(): number {
    return this.inputs.size;
  }

  /** Lists the new inputs; returns those added and how many were already listed. */
  async add(expanded: ExpandedInput[]): Promise<{ added: InputEntry[]; duplicates: number }> {
    const ids = await Promise.all(expanded.map((input) => realPathOr(input.path)));
    const added: InputEntry[] = [];
    let duplicates = 0;
    expanded.forEach((input, i) => {
      const id = ids[i] ?? input.path;
      if (this.inputs.has(id)) {
        duplicates += 1;
        return;
      }
      const shown = this.displayPath?.(input.path);
      const entry: InputEntry = {
        id,
        path: shown ?? input.path,
        name: shown ?? input.relative,
        size: input.size,
        status: 'pending',
      };
      this.inputs.set(id, { entry, input });
      added.push({ ...entry });
    });
    return { added, duplicates };
  }

  remove(ids: readonly string[]): void {
    for (const id of ids) this.inputs.delete(id);
  }

  clear(): void {
    this.inputs.clear();
  }

  /** Copies, so callers (and IPC serialisation) never see later status changes mid-flight. */
  entries(): InputEntry[] {
    return [...this.inputs.values()].map(({ entry }) => ({ ...entry }));
  }

  /** The inputs of a new job, in list order: every one, or those `only` names. */
  jobInputs(only: readonly string[] | null = null): { ids: string[]; inputs: ExpandedInput[] } {
    const wanted = only === null ? null : new Set(only);
    const ids: string[] = [];
    const inputs: ExpandedInput[] = [];
    for (const [id, listed] of this.inputs) {
      if (wanted !== null && !wanted.has(id)) continue;
      ids.push(id);
      inputs.push(listed.input);
    }
    return { ids, inputs };
  }

  /** A new job starts: its inputs wait again; the others keep the status of their last run. */
  markPending(ids: readonly string[]): void {
    for (const id of ids) this.setStatus(id, 'pending');
  }

  setStatus(id: string, status: InputStatus): void {
    const listed = this.inputs.get(id);
    if (listed) listed.entry.status = status;
  }
}

async function realPathOr(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    // Missing or unreadable: the path itself identifies it (it fails in the job with an io error).
    return path;
  }
}
