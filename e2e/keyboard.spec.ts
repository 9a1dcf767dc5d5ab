/** The keyboard: Ctrl+O adds files, Ctrl+Enter starts, Esc cancels after asking, ? lists them. */
import { expect, test } from './support/fixtures';
import { addFolderOf, openApp } from './support/ui';

test('shortcuts add files, start, cancel with a confirmation, and are listed', async ({
  page,
  app,
  bigCorpus,
}) => {
  await openApp(page, app);
  await expect(page.getByRole('button', { name: 'Add files…' })).toBeEnabled();

  // ? lists the shortcuts; Esc closes the list.
  await page.keyboard.press('?');
  const list = page.getByTestId('shortcuts');
  await expect(list).toBeVisible();
  await expect(list).toContainText('Ctrl+O');
  await expect(list).toContainText('Ctrl+Enter');
  await page.keyboard.press('Escape');
  await expect(list).toBeHidden();

  // Ctrl+O opens the file picker.
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Control+o');
  await (await chooser).setFiles([]);

  await addFolderOf(page, bigCorpus.folder, bigCorpus.files.length);
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('job-state')).toHaveText(/running/i);

  // Esc asks first; Keep running keeps it running.
  const confirm = page.getByTestId('confirm-cancel');
  await page.keyboard.press('Escape');
  await expect(confirm).toBeVisible();
  await confirm.getByRole('button', { name: 'Keep running' }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId('job-state')).toHaveText(/running/i);
  await page.keyboard.press('Escape');
  await confirm.getByRole('button', { name: 'Cancel job' }).click();
  await expect(page.getByTestId('job-state')).toHaveText(/cancelled/i, { timeout: 30_000 });
});
