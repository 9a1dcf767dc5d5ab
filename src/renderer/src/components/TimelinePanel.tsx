import 'uplot/dist/uPlot.min.css';
import '../../../timeline-view/timeline-view.css';
import '../styles/timeline.css';
import { useCallback, useId, useRef, useState } from 'react';
import type { TimelineCanvas } from '../../../timeline-view/timeline-canvas';
import { useTimelineOpen } from '../state/layout';
import { useSession } from '../state/session-context';
import { useStoreSelector } from '../state/use-store';
import { BalanceSummary } from './BalanceSummary';
import { TimelineChartsView } from './TimelineChartsView';
import { TimelineView } from './TimelineView';

const LEGEND = ['ok', 'failed', 'retried', 'cancelled', 'crashed', 'running'] as const;

type View = 'timeline' | 'charts';

/**
 * The run's balance: the timeline (one lane per worker, retired ones kept, one bar per task),
 * or the throughput and utilization charts, beside the balance summary. Hideable, and hidden at
 * first in a short window, so the results keep their room.
 */
export function TimelinePanel() {
  const session = useSession();
  const headingId = useId();
  const [view, setView] = useState<View>('timeline');
  const [choice, setChoice] = useState<boolean | null>(null);
  const open = useTimelineOpen(choice);
  const hasTimeline = useStoreSelector(
    session.timeline,
    () => session.timeline.model.jobId !== null,
  );
  const canvasRef = useRef<TimelineCanvas | null>(null);
  const onCanvas = useCallback((canvas: TimelineCanvas | null) => {
    canvasRef.current = canvas;
  }, []);
  const tab = (id: View, label: string) => (
    <button
      type="button"
      role="tab"
      aria-selected={view === id}
      className="segment"
      onClick={() => setView(id)}
    >
      {label}
    </button>
  );
  return (
    <section className="panel timeline-panel" aria-labelledby={headingId} data-open={open}>
      <div className="panel-header">
        <h2 id={headingId}>Timeline</h2>
        <div role="tablist" aria-label="Timeline view" className="segmented">
          {tab('timeline', 'Timeline')}
          {tab('charts', 'Charts')}
        </div>
        <span className="timeline-legend" aria-hidden="true">
          {LEGEND.map((outcome) => (
            <span key={outcome} className="timeline-legend-item">
              <span className={`timeline-swatch tl-swatch-${outcome}`} />
              {outcome}
            </span>
          ))}
        </span>
        <span className="panel-header-end timeline-actions">
          {view === 'timeline' && open && (
            <button
              type="button"
              onClick={() => canvasRef.current?.resetZoom()}
              title="Or double-click the timeline"
            >
              Reset zoom
            </button>
          )}
          <button type="button" aria-expanded={open} onClick={() => setChoice(!open)}>
            {open ? 'Hide' : 'Show'}
          </button>
        </span>
      </div>
      {open &&
        (hasTimeline ? (
          <div className="timeline-body">
            <div className="timeline-main">
              <div hidden={view !== 'timeline'}>
                <TimelineView onCanvas={onCanvas} />
              </div>
              {view === 'charts' && <TimelineChartsView />}
            </div>
            <BalanceSummary />
          </div>
        ) : (
          <div className="timeline-empty empty-state">
            Each worker's tasks appear here as a timeline while a job runs.
          </div>
        ))}
    </section>
  );
}
