/**
 * Where the window's room goes. Below NARROW_WINDOW px the Inputs panel starts folded into a
 * rail, so the run and its results get the width; the user's own choice (the panel's toggle)
 * wins either way.
 */
import { useSession } from './session-context';
import { useMediaQuery } from './use-media-query';
import { useStore } from './use-store';

export const NARROW_WINDOW = 1000;

export function useInputsFolded(): boolean {
  const choice = useStore(useSession().inputsFolded);
  const narrow = useMediaQuery(`(max-width: ${NARROW_WINDOW - 1}px)`);
  return choice ?? narrow;
}
