/**
 * The files `xmlpool run` writes about the run itself, after its report: the job log
 * (`--joblog`), the trace (`--trace`) and the HTML report (`--report-html`), each atomically.
 */
import { writeFileAtomic } from '../engine/fs/atomic-file';
import { writeHtmlReport } from '../engine/html-report/html-report';
import { readReportAssets } from '../engine/html-report/report-assets';
import { reportSummary } from '../engine/html-report/report-summary';
import type { JobSummary } from '../engine/job';
import { joblogLines } from '../engine/timeline/joblog';
import { traceText } from '../engine/timeline/trace';
import type { TimelineUpdate } from '../shared/timeline';
import type { RunArgs } from './run-args';

/** Writes each file asked for; a failure names the option and the file. */
export async function writeRunFiles(
  args: RunArgs,
  summary: JobSummary,
  timeline: TimelineUpdate,
  reportAssetsDir: string | null,
): Promise<void> {
  const write = async (option: string, path: string, data: () => Promise<void>): Promise<void> => {
    try {
      await data();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`cannot write ${option} ${path}: ${reason}`);
    }
  };
  if (args.joblog !== null) {
    const path = args.joblog;
    await write('--joblog', path, () => writeFileAtomic(path, joblogLines(timeline)));
  }
  if (args.trace !== null) {
    const path = args.trace;
    await write('--trace', path, () => writeFileAtomic(path, traceText(timeline)));
  }
  if (args.reportHtml !== null && reportAssetsDir !== null) {
    const path = args.reportHtml;
    await write('--report-html', path, async () => {
      const assets = await readReportAssets(reportAssetsDir);
      await writeHtmlReport(
        {
          summary: reportSummary(summary, args.options, timeline.startedAt),
          timeline,
          results: () => summary.results(),
          nameOf: (result) => result.relative ?? result.file,
          assets,
        },
        path,
      );
    });
  }
}
