import { useEffect, useRef } from 'react';
import type { TimelineBar } from '../../../shared/timeline';
import { describeBar } from '../../../timeline-view/describe-bar';
import { TimelineCanvas } from '../../../timeline-view/timeline-canvas';
import { useSession } from '../state/session-context';

interface TimelineViewProps {
  /** Gets the canvas, for "Reset zoom". */
  onCanvas(canvas: TimelineCanvas | null): void;
}

/**
 * The live timeline: the framework-free canvas (src/timeline-view) in a React host. It redraws
 * when the timeline store changes; hover names the file as the inputs list does, and a click
 * selects the task's result (its first failed file, else its first file).
 */
export function TimelineView({ onCanvas }: TimelineViewProps) {
  const session = useSession();
  const hostRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const host = hostRef.current;
    if (host === null) return;
    const model = session.timeline.model;
    const nameOf = (index: number) => {
      const file = model.fileAt(index);
      return file && { ...file, relative: session.inputs.nameOf(file.path, file.relative) };
    };
    const resultOf = (index: number) => {
      const file = model.fileAt(index);
      return file && session.results.get().byFile(file.path);
    };
    const select = (bar: TimelineBar): void => {
      const results = bar.files.flatMap((index) => resultOf(index) ?? []);
      const chosen = results.find((result) => !result.ok) ?? results[0];
      const path = chosen?.file ?? model.fileAt(bar.files[0] ?? -1)?.path ?? null;
      session.selectedFile.set(path);
    };
    const canvas = new TimelineCanvas(host, model, {
      describe: (bar) => describeBar(bar, model, nameOf),
      onSelect: select,
    });
    onCanvas(canvas);
    // The selected result's task is outlined, wherever it was chosen.
    const outline = (): void => {
      const file = session.selectedFile.get();
      const index = file === null ? undefined : session.results.get().byFile(file)?.index;
      canvas.select(index === undefined ? null : (model.barOfFile(index)?.id ?? null));
    };
    const offTimeline = session.timeline.subscribe(() => {
      outline();
      canvas.invalidate();
    });
    const offSelection = session.selectedFile.subscribe(outline);
    outline();
    canvas.invalidate();
    return () => {
      offTimeline();
      offSelection();
      onCanvas(null);
      canvas.destroy();
    };
  }, [session, onCanvas]);
  return <div className="timeline-host" ref={hostRef} />;
}
