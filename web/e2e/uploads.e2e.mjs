// Browser uploads end to end, in Debian's headless Chromium against the real local stack: a member
// (no AWS access) drops photos, a video and a PDF on an album; the PDF is refused in the page, the rest
// go straight to S3 in presigned parts and appear in the album as they are rendered, without a reload.
// A large photo picked from the file chooser is interrupted by a reload and resumes from the parts S3
// holds; the same photo dropped again is skipped by its SHA-256.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { axeSerious, cspViolations, watchCsp } from './axe.mjs';
import { launch } from './browser.mjs';
import { inviteUser } from './cognito-admin.mjs';
import { javaBinary, startStack, uploadToS3 } from './stack.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const artifacts = join(here, '../test-artifacts/e2e');
mkdirSync(artifacts, { recursive: true });

const ALBUM = `Uploads ${Date.now()}`;
const PHONE_ALBUM = `From a phone ${Date.now() % 100000}`;
const USER = `member-${Date.now()}@example.com`;
const TEMP_PASSWORD = 'Temp-pass-123!';
const PASSWORD = 'Our-family-photos-42';
const PART_SIZE = 8 * 1024 * 1024;

let stack;
let browser;
let edge;
let dir;
const files = {};

/** A short H.264 clip, as a phone's camera roll holds. */
function makeVideo(out) {
  const r = spawnSync('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=s=640x360:r=25', '-t', '2',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', out], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ffmpeg could not make the test video: ${r.stderr || r.error}`);
}

/** A camera-sized JPEG of noise: large enough (two parts) that a reload can land in the middle. */
function makeLargePhoto(out) {
  const r = spawnSync('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-f', 'lavfi', '-i',
    'nullsrc=s=5000x3500,geq=r=random(1)*255:g=random(2)*255:b=random(3)*255', '-frames:v', '1', '-q:v', '1', out], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ffmpeg could not make the large photo: ${r.stderr || r.error}`);
}

before(async () => {
  stack = await startStack();
  edge = stack.deployment.endpoints.edge.replace(/\/$/, '');
  dir = mkdtempSync(join(tmpdir(), 'gallery-e2e-uploads-'));
  const specs = ['first.jpg|1600|1067|2024:05:01 10:00:00|+02:00', 'beach.jpg|1600|1200|2024:05:02 11:00:00|+02:00',
    'IMG_0007.jpg|1067|1600|2024:05:03 12:00:00|+02:00', 'already.jpg|1200|900|2024:05:04 09:00:00|+02:00'];
  const made = spawnSync(javaBinary(), [join(here, 'fixtures/MakePhotos.java'), dir, ...specs], { encoding: 'utf8' });
  assert.equal(made.status, 0, `MakePhotos failed: ${made.stderr}`);
  for (const s of specs) files[s.split('|')[0]] = join(dir, s.split('|')[0]);
  files['clip.mp4'] = join(dir, 'clip.mp4');
  makeVideo(files['clip.mp4']);
  files['large.jpg'] = join(dir, 'large.jpg');
  makeLargePhoto(files['large.jpg']);
  assert.ok(statSync(files['large.jpg']).size > PART_SIZE, `the large photo is ${statSync(files['large.jpg']).size} bytes, not over one part`);
  files['minutes.pdf'] = join(dir, 'minutes.pdf');
  writeFileSync(files['minutes.pdf'], '%PDF-1.4\n% the family meeting\n');
  // The album exists already (a backup put a photo there), so the member sees it and may add to it.
  uploadToS3(stack.deployment, files['first.jpg'], `photos/${ALBUM}/first.jpg`);
  await inviteUser(stack.deployment.endpoints.cognito, stack.deployment.userPoolId, USER, TEMP_PASSWORD);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await stack?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Drops files on an element as a desktop drag and drop does: a DataTransfer of Files. */
async function drop(page, selector, names) {
  const payload = names.map((n) => ({ name: n, b64: readFileSync(files[n]).toString('base64'), type: n.endsWith('.pdf') ? 'application/pdf' : n.endsWith('.mp4') ? 'video/mp4' : 'image/jpeg' }));
  const dataTransfer = await page.evaluateHandle((items) => {
    const dt = new DataTransfer();
    for (const f of items) dt.items.add(new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name, { type: f.type, lastModified: 1714550400000 }));
    return dt;
  }, payload);
  await page.locator(selector).dispatchEvent('dragover', { dataTransfer });
  await page.locator(selector).dispatchEvent('drop', { dataTransfer });
}

/** The tray's line for a file: its state word(s). */
function row(page, name) {
  return page.locator('.upload', { has: page.locator('.upload-name', { hasText: name }) }).last();
}

test('a member adds photos and a video from the browser', async (t) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  await watchCsp(context);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // Every request the page makes: part PUTs go to S3 directly, never through the API.
  const requests = [];
  page.on('request', (r) => requests.push({ method: r.method(), url: r.url() }));
  const shot = (name) => page.screenshot({ path: join(artifacts, `${name}.png`) });
  const tiles = page.locator('.grid .tile');

  await t.test('first sign-in, then the album', async () => {
    await page.goto(edge);
    await page.getByLabel('Email or user name').fill(USER);
    await page.getByLabel('Password', { exact: true }).fill(TEMP_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('New password', { exact: true }).waitFor();
    await page.getByLabel('Your name').fill('Mia Member');
    await page.getByLabel('New password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('New password again').fill(PASSWORD);
    await page.getByRole('button', { name: 'Save and continue' }).click();
    const card = page.locator('.album-card', { hasText: ALBUM });
    await card.waitFor({ timeout: 180_000 }).catch(async () => {
      // the backup's photo may still be rendering: the list again
      await page.reload();
      await card.waitFor({ timeout: 180_000 });
    });
    await card.click();
    await tiles.first().waitFor();
    assert.equal(await tiles.count(), 1);
  });

  await t.test('drag and drop of three photos, a video and a PDF: the PDF is refused in the page', async () => {
    const before = requests.length;
    await drop(page, '.album-drop', ['beach.jpg', 'IMG_0007.jpg', 'already.jpg', 'clip.mp4', 'minutes.pdf']);
    await row(page, 'minutes.pdf').getByText(/Not added: Not a photo or video/).waitFor();
    for (const n of ['beach.jpg', 'IMG_0007.jpg', 'already.jpg', 'clip.mp4']) {
      await row(page, n).locator('.upload-state', { hasText: /Uploaded|Added/ }).waitFor({ timeout: 120_000 });
    }
    await shot('uploads-01-sent');
    const since = requests.slice(before);
    const starts = since.filter((r) => r.method === 'POST' && r.url.endsWith('/api/uploads'));
    assert.equal(starts.length, 4, 'one upload started per accepted file, none for the PDF');
    const puts = since.filter((r) => r.method === 'PUT');
    assert.ok(puts.length >= 4, `each file's part went to S3: ${puts.length} PUTs`);
    for (const p of puts) {
      assert.equal(new URL(p.url).origin, new URL(stack.deployment.endpoints.s3).origin, `a part went to ${p.url}, not to S3`);
      assert.match(p.url, /X-Amz-Signature=/);
    }
  });

  await t.test('the new photos and the video appear in the album as they are rendered, without a reload', async () => {
    const navigations = [];
    page.on('framenavigated', (f) => f === page.mainFrame() && navigations.push(f.url()));
    await page.waitForFunction(() => document.querySelectorAll('.grid .tile').length === 5, null, { timeout: 240_000, polling: 500 });
    for (const n of ['beach.jpg', 'IMG_0007.jpg', 'already.jpg', 'clip.mp4']) await row(page, n).getByText('Added').waitFor({ timeout: 240_000 });
    assert.deepEqual(navigations, [], 'no reload');
    assert.match(await page.locator('.upload-summary').innerText(), /4 of 4 uploaded · 1 not added/);
    await shot('uploads-02-rendered');
  });

  await t.test('the same photo dropped again is skipped by its content hash', async () => {
    const before = requests.length;
    await drop(page, '.album-drop', ['already.jpg']);
    await page.locator('.upload', { hasText: 'already.jpg' }).getByText('Already in this album').waitFor();
    assert.equal(requests.slice(before).filter((r) => r.method === 'PUT').length, 0, 'no byte sent');
    await page.waitForTimeout(3000);
    assert.equal(await tiles.count(), 5);
  });

  await t.test('a large photo picked from the file chooser resumes after a reload mid-upload', async () => {
    // Part 2 is held (no answer) until the page goes away: the reload lands after part 1, before the rest.
    let firstDone = null;
    const partOneDone = new Promise((r) => (firstDone = r));
    page.on('requestfinished', (r) => r.method() === 'PUT' && /partNumber=1\b/.test(r.url()) && firstDone());
    let hold = true;
    await page.route(/partNumber=2\b/, (route) => (hold ? undefined : route.continue()));
    const before = requests.length;
    await page.locator('.page-actions input[type=file]').setInputFiles(files['large.jpg']);
    await partOneDone;
    await row(page, 'large.jpg').getByText(/\d+%/).waitFor();
    await shot('uploads-03-before-reload');
    const afterReload = requests.length;
    hold = false;
    await page.reload();
    await row(page, 'large.jpg').waitFor();
    await row(page, 'large.jpg').locator('.upload-state', { hasText: /Uploaded|Added/ }).waitFor({ timeout: 180_000 });
    const resumed = requests.slice(afterReload).filter((r) => r.method === 'PUT').map((r) => Number(new URL(r.url).searchParams.get('partNumber')));
    const parts = Math.ceil(statSync(files['large.jpg']).size / PART_SIZE);
    assert.ok(!resumed.includes(1), `part 1 was sent again after the reload: ${resumed}`);
    for (let n = 2; n <= parts; n++) assert.ok(resumed.includes(n), `part ${n} was not sent after the reload: ${resumed}`);
    assert.equal(requests.slice(before, afterReload).filter((r) => r.method === 'PUT' && /partNumber=1\b/.test(r.url)).length, 1);
    await page.waitForFunction(() => document.querySelectorAll('.grid .tile').length === 6, null, { timeout: 240_000, polling: 500 });
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await shot('uploads-04-resumed');
  });

  await t.test('no page errors, no CSP violations, and the album with its tray passes axe', async () => {
    assert.deepEqual(errors, []);
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(await axeSerious(page), [], 'axe: serious or critical findings on the album with the upload tray');
  });
  await context.close();
});

test('on the album list, a member names a new album and picks files for it', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(edge);
  await page.getByLabel('Email or user name').fill(USER);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Add photos' }).click();
  await page.getByLabel('Album', { exact: true }).fill(PHONE_ALBUM);
  await page.locator('.upload-form input[type=file]').setInputFiles([files['beach.jpg']]);
  await row(page, 'beach.jpg').getByText('Added').waitFor({ timeout: 240_000 });
  await page.locator('.album-card', { hasText: PHONE_ALBUM }).waitFor({ timeout: 30_000 });
  await page.screenshot({ path: join(artifacts, 'uploads-05-phone-new-album.png') });
  // The album's own "Add photos" keeps the phone's header and title as small as before (experience.e2e's 15%).
  await page.locator('.album-card', { hasText: PHONE_ALBUM }).click();
  await page.locator('.grid .tile').first().waitFor();
  const top = await page.locator('header.top').boundingBox();
  const head = await page.locator('.page-head').boundingBox();
  await page.screenshot({ path: join(artifacts, 'uploads-06-phone-album.png') });
  assert.ok(top.height + head.height <= 844 * 0.15, `header + title ${top.height + head.height} px of 844`);
  await context.close();
});

