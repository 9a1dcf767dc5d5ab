/**
 * The HTML report's script (inlined into every report, allowed by its hash): reads the run's
 * data from the page and turns the static report interactive. The static timeline becomes the
 * zoomable canvas one, the charts appear, and the file table pages through every file. Without
 * it, the page still reads: everything it replaces was rendered on the server.
 */
import 'uplot/dist/uPlot.min.css';
import '../timeline-view/timeline-view.css';
import './report.css';
import { isReportData, REPORT_DATA_ID, type ReportData } from '../shared/report-data';
import { describeBar } from '../timeline-view/describe-bar';
import { TimelineCanvas } from '../timeline-view/timeline-canvas';
import { TimelineCharts } from '../timeline-view/timeline-charts';
import { TimelineModel } from '../timeline-view/timeline-model';
import { FilesTable } from './files-table';

function readData(): ReportData | null {
  const text = document.getElementById(REPORT_DATA_ID)?.textContent ?? '';
  try {
    const data: unknown = JSON.parse(text);
    return isReportData(data) ? data : null;
  } catch {
    return null;
  }
}

function start(): void {
  const data = readData();
  if (data === null) return;
  document.documentElement.classList.add('js');
  const model = new TimelineModel();
  model.apply(data.timeline);

  const filesHost = document.getElementById('files-view');
  const table = filesHost === null ? null : new FilesTable(filesHost, data.files);

  const timelineHost = document.getElementById('timeline-view');
  if (timelineHost !== null) {
    timelineHost.replaceChildren();
    const canvas = new TimelineCanvas(timelineHost, model, {
      describe: (bar) => describeBar(bar, model),
      onSelect: (bar) => {
        table?.showOnly(bar.files);
        filesHost?.scrollIntoView({ block: 'start' });
      },
    });
    canvas.invalidate();
  }

  const chartsHost = document.getElementById('charts');
  if (chartsHost !== null) new TimelineCharts(chartsHost).update(model);
}

start();
