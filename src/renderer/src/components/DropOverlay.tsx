import { useEffect, useRef, useState } from 'react';
import { useSession } from '../state/session-context';

/** True unless the drag clearly carries no files (e.g. text dragged within the page). */
function carriesFiles(event: DragEvent): boolean {
  const types = event.dataTransfer?.types ?? [];
  return types.length === 0 || types.includes('Files');
}

/**
 * Makes the whole window the drop target. Listening on the window (not an element) means a
 * drop anywhere counts, including over lists and buttons; the overlay ignores the pointer so it
 * never changes the drag's target.
 */
export function DropOverlay() {
  const session = useSession();
  const [dragging, setDragging] = useState(false);
  const depth = useRef(0);

  useEffect(() => {
    const onDragEnter = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth.current += 1;
      setDragging(true);
    };
    const onDragOver = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
      setDragging(true);
    };
    const onDragLeave = () => {
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setDragging(false);
    };
    const onDrop = (event: DragEvent) => {
      event.preventDefault();
      depth.current = 0;
      setDragging(false);
      // Synchronously: the browser client must read the dropped entries before this returns.
      if (event.dataTransfer) session.addDropped(event.dataTransfer);
    };
    const onDragEnd = () => {
      depth.current = 0;
      setDragging(false);
    };
    window.addEventListener('dragenter', onDragEnter);
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('dragleave', onDragLeave);
    window.addEventListener('drop', onDrop);
    window.addEventListener('dragend', onDragEnd);
    return () => {
      window.removeEventListener('dragenter', onDragEnter);
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('dragleave', onDragLeave);
      window.removeEventListener('drop', onDrop);
      window.removeEventListener('dragend', onDragEnd);
    };
  }, [session]);

  if (!dragging) return null;
  return (
    <div className="drop-overlay" data-testid="drop-overlay">
      <div className="drop-overlay-message">Drop XML files or folders to add them</div>
    </div>
  );
}
