import { useEffect } from 'react';

const BASE_TITLE = 'xmlpool';

/**
 * "42% · xmlpool" in the window title (and so the task bar) while a job runs; the plain title
 * otherwise. Only changes of the whole percent touch the document.
 */
export function useProgressTitle(percent: number | null): void {
  useEffect(() => {
    document.title = percent === null ? BASE_TITLE : `${percent}% · ${BASE_TITLE}`;
  }, [percent]);
}
