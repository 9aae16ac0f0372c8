// DEVELOPMENT ONLY: screenshots of the main screens against dev/sample-server.mjs, to look at the UI.
import { mkdirSync } from 'node:fs';
import { launch } from '../e2e/browser.mjs';

const base = process.argv[2] ?? 'http://127.0.0.1:8480';
const out = new URL('../test-artifacts/dev/', import.meta.url).pathname;
mkdirSync(out, { recursive: true });
const browser = await launch();
const shot = (page, name) => page.screenshot({ path: `${out}${name}.png` });

async function session(viewport, prefix, user, password, newPassword) {
  const ctx = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const page = await ctx.newPage();
  page.on('console', (m) => m.type() === 'error' && console.log(`[${prefix}] console:`, m.text()));
  await page.goto(base);
  await page.getByLabel('Email or user name').waitFor();
  await shot(page, `${prefix}-signin`);
  await page.getByLabel('Email or user name').fill(user);
  if (!newPassword) {
    await page.getByLabel('Password', { exact: true }).fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.form-message[data-kind=error]').waitFor();
    await shot(page, `${prefix}-signin-wrong`);
  }
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (newPassword) {
    await page.getByLabel('New password', { exact: true }).waitFor();
    await shot(page, `${prefix}-new-password`);
    await page.getByLabel('Your name').fill('Grandma Rose');
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('New password again').fill(newPassword);
    await page.getByRole('button', { name: 'Save and continue' }).click();
  }
  await page.locator('.album-card').first().waitFor();
  await page.waitForTimeout(1500);
  await shot(page, `${prefix}-albums`);
  return { ctx, page };
}

const { page } = await session({ width: 1440, height: 900 }, 'desktop', 'grandma@example.com', 'Temp-pass-123', 'My-new-pass-1');
await page.locator('.album-card').first().click();
await page.locator('.tile img').first().waitFor();
await page.waitForTimeout(1500);
await shot(page, 'desktop-album');
await page.locator('.tile').nth(2).click();
await page.locator('.viewer-img.loaded').waitFor();
await page.waitForTimeout(500);
await shot(page, 'desktop-viewer');
await page.keyboard.press('i');
await page.waitForTimeout(800);
await shot(page, 'desktop-viewer-info');
await page.keyboard.press('Escape');
await page.goto(`${base}/#/album/Everything%202022`);
await page.locator('.tile img').first().waitFor();
await page.mouse.wheel(0, 30000);
await page.waitForTimeout(1500);
console.log('tiles in DOM in the 2000-photo album:', await page.locator('.tile').count(), 'imgs:', await page.locator('.tile img').count());
await shot(page, 'desktop-big-album');
await page.goto(`${base}/#/timeline`);
await page.locator('.month').first().waitFor();
await page.waitForTimeout(1500);
await shot(page, 'desktop-timeline');

const admin = await session({ width: 390, height: 844 }, 'phone', 'admin@example.com', 'Family-photos-1');
await admin.page.locator('.album-card').nth(1).click();
await admin.page.locator('.tile img').first().waitFor();
await admin.page.waitForTimeout(1500);
await shot(admin.page, 'phone-album');
await admin.page.locator('.tile').first().click();
await admin.page.locator('.viewer-img.loaded').waitFor();
await shot(admin.page, 'phone-viewer');
await admin.page.keyboard.press('i');
await admin.page.waitForTimeout(600);
await shot(admin.page, 'phone-viewer-info');
await admin.page.keyboard.press('Escape');
await admin.page.goto(`${base}/#/failed`);
await admin.page.locator('table, .state').first().waitFor();
await shot(admin.page, 'phone-failed');
await browser.close();
console.log('screenshots in', out);
