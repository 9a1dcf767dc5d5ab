/**
 * Where the window's room goes. Below NARROW_WINDOW px the Inputs panel starts folded into a
 * rail, so the run and its results get the width; below SHORT_WINDOW px of height the timeline
 * starts hidden, so the results get the height. The user's own choice (each panel's toggle) wins
 * either way.
 */
import { useSession } from './session-context';
import { useMediaQuery } from './use-media-query';
import { useStore } from './use-store';

export const NARROW_WINDOW = 1000;
export const SHORT_WINDOW = 720;

export function useInputsFolded(): boolean {
  const choice = useStore(useSession().inputsFolded);
  const narrow = useMediaQuery(`(max-width: ${NARROW_WINDOW - 1}px)`);
  return choice ?? narrow;
}

/** Whether the timeline shows: the user's choice (Show/Hide), else not in a short window. */
export function useTimelineOpen(choice: boolean | null): boolean {
  const short = useMediaQuery(`(max-height: ${SHORT_WINDOW - 1}px)`);
  return choice ?? !short;
}
