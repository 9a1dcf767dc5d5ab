import { useEffect, useRef, useState } from 'react';
import { TimelineCharts } from '../../../timeline-view/timeline-charts';
import { useSession } from '../state/session-context';
import { useThrottledVersion } from '../state/use-throttled-version';

/** Charts are recomputed from every bar: once a second is plenty while the job runs. */
const CHART_INTERVAL_MS = 1000;

/** Throughput and utilization (uPlot, via src/timeline-view), following the timeline. */
export function TimelineChartsView() {
  const session = useSession();
  const hostRef = useRef<HTMLDivElement>(null);
  const [charts, setCharts] = useState<TimelineCharts | null>(null);
  const version = useThrottledVersion(session.timeline, CHART_INTERVAL_MS);
  useEffect(() => {
    const host = hostRef.current;
    if (host === null) return;
    const made = new TimelineCharts(host);
    setCharts(made);
    return () => made.destroy();
  }, []);
  useEffect(() => {
    if (charts !== null && version >= 0) charts.update(session.timeline.model);
  }, [charts, version, session]);
  return <div className="timeline-charts-host" ref={hostRef} />;
}
