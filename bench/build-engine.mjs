/**
 * Builds the parts of the engine the bench drives directly (not through the CLI) into
 * out/bench, with the same Vite setup as the CLI build (vite.cli.config.ts). No new dependency:
 * Vite is already the project's bundler.
 */
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { build } from 'vite';

const ROOT = join(import.meta.dirname, '..');
export const ENGINE_BUNDLE_DIR = join(ROOT, 'out', 'bench');

/**
 * Build out/bench/pool.js (WorkerPool), out/bench/tasks.js (DEFAULT_JOB_OPTIONS),
 * out/bench/timeline.js (TaskTimeline), out/bench/html-report.js (writeHtmlReport) with
 * out/bench/report-assets.js (readReportAssets), and out/bench/cluster.js (ClusterPool, for the
 * cluster's dispatch and saturation rows).
 */
export async function buildEngineBundle() {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  await build({
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    define: { __XMLPOOL_VERSION__: JSON.stringify(pkg.version) },
    build: {
      ssr: true,
      outDir: ENGINE_BUNDLE_DIR,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      rollupOptions: {
        input: {
          pool: join(ROOT, 'src/engine/pool/index.ts'),
          tasks: join(ROOT, 'src/shared/tasks.ts'),
          timeline: join(ROOT, 'src/engine/timeline/task-timeline.ts'),
          'html-report': join(ROOT, 'src/engine/html-report/html-report.ts'),
          'report-assets': join(ROOT, 'src/engine/html-report/report-assets.ts'),
          cluster: join(ROOT, 'src/engine/cluster/cluster-pool.ts'),
        },
        external: [
          ...builtinModules,
          ...builtinModules.map((m) => `node:${m}`),
          ...Object.keys(pkg.dependencies ?? {}),
        ],
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  });
}
