import { expect, test } from '@playwright/test';

test('the built renderer loads in Chromium', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'xmlpool' })).toBeVisible();
  expect(errors).toEqual([]);
});
