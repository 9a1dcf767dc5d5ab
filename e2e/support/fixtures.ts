/**
 * Playwright fixtures: `corpus` and `bigCorpus` (generated once per test worker, when first used) and `app` (a fresh
 * `xmlpool serve` per test, so no test sees another's inputs or job).
 */
import { test as base } from '@playwright/test';
import { type BigCorpus, type Corpus, createBigCorpus, createCorpus } from './corpus';
import { removeTempDir, type ServedApp, startServedApp } from './served-app';

export const test = base.extend<{ app: ServedApp }, { corpus: Corpus; bigCorpus: BigCorpus }>({
  corpus: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright requires an object pattern here.
    async ({}, use) => {
      const corpus = createCorpus();
      await use(corpus);
      corpus.remove();
    },
    { scope: 'worker' },
  ],
  bigCorpus: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright requires an object pattern here.
    async ({}, use) => {
      const corpus = createBigCorpus();
      await use(corpus);
      corpus.remove();
    },
    { scope: 'worker' },
  ],
  // biome-ignore lint/correctness/noEmptyPattern: Playwright requires an object pattern here.
  app: async ({}, use, testInfo) => {
    const app = await startServedApp();
    await use(app);
    const code = await app.stop();
    if (testInfo.status !== testInfo.expectedStatus) {
      await testInfo.attach('serve output', { body: app.output(), contentType: 'text/plain' });
    }
    removeTempDir(app);
    if (code !== 0) throw new Error(`xmlpool serve exited with ${code}:\n${app.output()}`);
  },
});

export { expect } from '@playwright/test';
