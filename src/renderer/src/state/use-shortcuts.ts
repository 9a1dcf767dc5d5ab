/**
 * The keyboard shortcuts, one window-wide handler: Ctrl/Cmd+O adds files, Ctrl/Cmd+Enter
 * starts, Esc cancels a run (after a confirmation) or closes an overlay, and `?` lists them.
 */
import { useEffect } from 'react';
import { isActive, type Session } from './session';

export interface Shortcut {
  keys: string;
  does: string;
}

/** For the `?` overlay; the handler below is the truth. */
export function shortcutList(mac: boolean): Shortcut[] {
  const mod = mac ? '⌘' : 'Ctrl';
  return [
    { keys: `${mod}+O`, does: 'Add files' },
    { keys: `${mod}+Enter`, does: 'Start the job' },
    { keys: 'Esc', does: 'Cancel the running job (asks first)' },
    { keys: '↑ ↓ PgUp PgDn Home End', does: 'Move through the results or inputs' },
    { keys: 'Delete', does: 'Remove the selected input' },
    { keys: '?', does: 'Show these shortcuts' },
  ];
}

export function isMac(): boolean {
  return /Mac|iPhone|iPad/.test(navigator.platform);
}

/** Typing `?` into a text field is typing, not a shortcut. */
function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable ||
      target instanceof HTMLTextAreaElement ||
      (target instanceof HTMLInputElement && !['checkbox', 'radio', 'range'].includes(target.type)))
  );
}

export function useShortcuts(session: Session): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const mod = isMac() ? event.metaKey : event.ctrlKey;
      if (mod && !event.altKey && event.key.toLowerCase() === 'o') {
        event.preventDefault();
        session.pick('files');
      } else if (mod && event.key === 'Enter') {
        event.preventDefault();
        session.startFromForm();
      } else if (event.key === 'Escape') {
        // An open overlay closes itself (its dialog handles Esc); otherwise, confirm a cancel.
        if (session.shortcutsOpen.get() || session.confirmingCancel.get()) return;
        if (isActive(session.job.get().state)) {
          event.preventDefault();
          session.confirmingCancel.set(true);
        }
      } else if (event.key === '?' && !mod && !isTyping(event.target)) {
        event.preventDefault();
        session.shortcutsOpen.set(true);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [session]);
}
