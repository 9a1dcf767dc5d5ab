/**
 * One short message at a time ("2 duplicates ignored", "Report saved to …"), announced through
 * an aria-live region and cleared after a while.
 */
import { ValueStore } from './value-store';

export type NoticeTone = 'info' | 'success' | 'warning' | 'error';

export interface Notice {
  id: number;
  tone: NoticeTone;
  text: string;
}

const VISIBLE_MS: Record<NoticeTone, number> = {
  info: 5000,
  success: 6000,
  warning: 8000,
  error: 12000,
};

export class NoticeStore extends ValueStore<Notice | null> {
  private nextId = 1;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    super(null);
  }

  show(tone: NoticeTone, text: string): void {
    const notice = { id: this.nextId++, tone, text };
    this.set(notice);
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.get()?.id === notice.id) this.set(null);
    }, VISIBLE_MS[tone]);
  }

  dismiss(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.set(null);
  }
}

/** The text of an error of any shape, for a notice. */
export function errorText(error: unknown): string {
  if (error instanceof Error && error.message !== '') return error.message;
  if (typeof error === 'string' && error !== '') return error;
  return 'Unknown error';
}
