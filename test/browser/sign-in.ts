/** Signing in through the real form, as a person does: the sign-in page, email, password, then the organizations page. */
import type { Page } from 'playwright-core';

export async function signInThroughForm(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/signin`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await Promise.all([page.waitForURL(/\/orgs$/), page.getByRole('button', { name: 'Sign in' }).click()]);
}
