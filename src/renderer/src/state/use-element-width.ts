import { type RefObject, useLayoutEffect, useState } from 'react';

/**
 * The content width of an element, kept current by a ResizeObserver: the results table picks
 * its columns from it. 0 until the element is laid out.
 */
export function useElementWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    setWidth(element.clientWidth);
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
