// `npm run screenshot`: regenerates docs/screenshot.png (1280×800) for the README,
// docs/screenshots/{800x600,1920x1080}-{light,dark}.png (the smallest supported window and a
// large one, in both themes), and docs/timeline.png.
//
// Starts `xmlpool serve` on a generated sample folder (some files malformed), runs a validate
// job on every core in the system Chromium, and captures the finished state: worker lanes,
// overall progress, results with failures, and the details of one failure (its `line:column
// message` is in the table and in full in the details panel). Then docs/timeline.png: a second
// sample, one big file among smaller ones on every core, where the timeline shows the big file
// holding the run up and the balance summary suggests splitting it with Row tag.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';

const OUTPUT = resolve('docs/screenshot.png');
const SIZES_DIR = resolve('docs/screenshots');
const SIZES = [
  { width: 800, height: 600 },
  { width: 1920, height: 1080 },
];
const TIMELINE_OUTPUT = resolve('docs/timeline.png');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function record(i) {
  return `  <order id="${i}" status="${i % 3 === 0 ? 'shipped' : 'open'}"><customer>Customer ${i % 97}</customer><total currency="EUR">${((i * 7919) % 100_000) / 100}</total></order>\n`;
}

/** A sample inbox: a few sizeable well-formed files and a few broken ones. */
function writeSamples(folder) {
  const block = Array.from({ length: 2000 }, (_, i) => record(i)).join('');
  const sizes = [6, 5, 5, 4, 4, 3, 3, 2, 2, 1, 1, 1];
  sizes.forEach((blocks, i) => {
    const name = join(
      folder,
      i < 6 ? 'orders' : 'archive',
      `orders-2024-${String(i + 1).padStart(2, '0')}.xml`,
    );
    mkdirSync(join(name, '..'), { recursive: true });
    writeFileSync(
      name,
      `<?xml version="1.0" encoding="UTF-8"?>\n<orders>\n${block.repeat(blocks * 4)}</orders>\n`,
    );
  });
  writeFileSync(
    join(folder, 'orders', 'orders-broken.xml'),
    '<?xml version="1.0"?>\n<orders>\n  <order id="1">\n    <customer>Ann</custmer>\n  </order>\n</orders>\n',
  );
  writeFileSync(
    join(folder, 'archive', 'truncated.xml'),
    `<?xml version="1.0"?>\n<orders>\n${block.slice(0, 5000)}`,
  );
  writeFileSync(
    join(folder, 'archive', 'bad-entity.xml'),
    '<?xml version="1.0"?>\n<orders>\n  <order id="2">Fish &amp; Chips &nope;</order>\n</orders>\n',
  );
}

/**
 * One 100 MB file (worth splitting) and six of about 1.5 MB: the big file keeps one worker busy
 * long after the other has run out of work, which is what the balance hint is for.
 */
function writeTimelineSample(folder) {
  const block = Array.from({ length: 2000 }, (_, i) => record(i)).join('');
  writeFileSync(
    join(folder, 'orders-all-years.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>\n<orders>\n${block.repeat(400)}</orders>\n`,
  );
  for (let i = 1; i <= 6; i++) {
    writeFileSync(
      join(folder, `orders-day-${String(i).padStart(2, '0')}.xml`),
      `<?xml version="1.0" encoding="UTF-8"?>\n<orders>\n${block.repeat(6)}</orders>\n`,
    );
  }
}

function startServer(tempDir) {
  const child = spawn(process.execPath, ['bin/xmlpool.js', 'serve', '--port', '0', '--no-open'], {
    env: { ...process.env, TMPDIR: tempDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = new Promise((resolveUrl, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const newline = out.indexOf('\n');
      if (newline >= 0) resolveUrl(out.slice(0, newline));
    });
    child.once('exit', (code) => reject(new Error(`xmlpool serve exited with ${code}`)));
  });
  return { child, url };
}

const work = mkdtempSync(join(tmpdir(), 'xmlpool-screenshot-'));
const samples = join(work, 'inbox');
const serverTemp = join(work, 'server');
const timelineSample = join(work, 'orders-2025');
mkdirSync(samples);
mkdirSync(serverTemp);
mkdirSync(timelineSample);
writeSamples(samples);
writeTimelineSample(timelineSample);

const server = startServer(serverTemp);
let browser;
try {
  const url = await server.url;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  const page = await browser.newPage({
    viewport: { width: 1280, height: 800 },
    colorScheme: 'light',
  });
  await page.goto(url);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Add folder…' }).click();
  await (await chooser).setFiles(samples);
  await page
    .getByTestId('input-count')
    .filter({ hasText: /^15 files/ })
    .waitFor({ timeout: 60_000 });
  const slider = page.getByLabel('Workers');
  await slider.fill((await slider.getAttribute('max')) ?? '2');
  await page.getByRole('button', { name: 'Start' }).click();
  await page.getByTestId('job-state').filter({ hasText: /done/i }).waitFor({ timeout: 120_000 });
  // The mismatched end tag is the most common real-world failure: show its details.
  await page.locator('[data-testid="result-row"][data-file="orders-broken.xml"]').click();
  await page.getByTestId('details').filter({ hasText: 'custmer' }).waitFor();
  // A transient "15 files added" notice is not part of the picture.
  const dismiss = page.getByRole('button', { name: 'Dismiss notice' });
  if (await dismiss.isVisible()) await dismiss.click();
  await page.getByTestId('notice').waitFor({ state: 'detached' });
  // Files just added are marked for a moment; the picture is of the steady state.
  await page.locator('[data-fresh="true"]').first().waitFor({ state: 'detached' });
  // Move the pointer off the table so no row shows a hover color.
  await page.mouse.move(0, 0);
  mkdirSync(join(OUTPUT, '..'), { recursive: true });
  await page.screenshot({ path: OUTPUT });
  console.log(`wrote ${OUTPUT}`);
  mkdirSync(SIZES_DIR, { recursive: true });
  for (const colorScheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme });
    for (const size of SIZES) {
      await page.setViewportSize(size);
      // Layout follows the size (columns that fit, details beside or below): let it settle.
      await page.getByTestId('details').filter({ hasText: 'custmer' }).waitFor();
      await page.waitForTimeout(300);
      // A short window scrolls the run column: picture the results, as a user there would.
      const results = page.getByRole('region', { name: 'Results' });
      await results.evaluate((panel) => panel.scrollIntoView({ block: 'start' }));
      const path = join(SIZES_DIR, `${size.width}x${size.height}-${colorScheme}.png`);
      await page.screenshot({ path });
      console.log(`wrote ${path}`);
    }
  }

  await page.getByRole('button', { name: 'Clear inputs' }).click();
  await page
    .getByTestId('input-count')
    .filter({ hasText: /^0 files/ })
    .waitFor();
  const timelineChooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Add folder…' }).click();
  await (await timelineChooser).setFiles(timelineSample);
  await page
    .getByTestId('input-count')
    .filter({ hasText: /^7 files/ })
    .waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Start' }).click();
  await page.getByTestId('job-state').filter({ hasText: /done/i }).waitFor({ timeout: 120_000 });
  await page.getByTestId('balance-hint').waitFor();
  const again = page.getByRole('button', { name: 'Dismiss notice' });
  if (await again.isVisible()) await again.click();
  await page.getByTestId('notice').waitFor({ state: 'detached' });
  // Hover a task of the big file, so the picture shows a tooltip too.
  const canvas = page.getByTestId('timeline-canvas');
  const box = await canvas.boundingBox();
  if (box) await page.mouse.move(box.x + box.width * 0.55, box.y + 20 + 11);
  await page.getByTestId('timeline-tooltip').waitFor();
  await page.screenshot({ path: TIMELINE_OUTPUT });
  console.log(`wrote ${TIMELINE_OUTPUT}`);
} finally {
  await browser?.close();
  server.child.kill('SIGTERM');
  await new Promise((done) =>
    server.child.exitCode === null ? server.child.once('exit', done) : done(),
  );
  rmSync(work, { recursive: true, force: true });
}
