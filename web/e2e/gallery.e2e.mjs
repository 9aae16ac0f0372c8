// The browser gallery end to end, in Debian's headless Chromium against the real local stack:
// photos uploaded through S3 → an invited user's first login → gallery → viewer at screen size →
// reload keeps the session → sign out, and the renditions are locked again.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { launch } from './browser.mjs';
import { cognito, inviteUser } from './cognito-admin.mjs';
import { startStack, uploadToS3 } from './stack.mjs';

const artifacts = join(dirname(fileURLToPath(import.meta.url)), '../test-artifacts/e2e');
mkdirSync(artifacts, { recursive: true });

const ALBUM = 'E2E Summer & Sea';
// Landscape 16:10 photos (2560 × 1600) shipped by Debian's mate-backgrounds.
const PHOTOS = ['Aqua.jpg', 'LadyBird.jpg', 'TwoWings.jpg'].map((f) => `/usr/share/backgrounds/mate/nature/${f}`);
// A phone's video: HEVC in a MOV (Chrome cannot play the original), 8 s of noise so its copy is a few
// MB and seeking needs more than the first range. Made with Debian's ffmpeg, as the Java tests make theirs.
const VIDEO_ALBUM = 'E2E Videos';
const VIDEO_KEY = `photos/${VIDEO_ALBUM}/IMG_0042.MOV`;
function makeVideo() {
  const out = join(mkdtempSync(join(tmpdir(), 'e2e-video-')), 'IMG_0042.MOV');
  const r = spawnSync('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-f', 'lavfi', '-i', 'nullsrc=s=960x540:r=25,geq=random(1)*255:128:128',
    '-f', 'lavfi', '-i', 'sine=frequency=440', '-t', '8', '-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error',
    '-tag:v', 'hvc1', '-pix_fmt', 'yuv420p', '-c:a', 'aac', out], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ffmpeg could not make the test video: ${r.stderr || r.error}`);
  return out;
}
// An iPhone Live Photo: a still and a 1.5 s HEVC MOV of the same name (paired by name; the Java tests cover
// Apple's content identifier). The gallery shows one item, the still, whose motion plays on hover or press.
const LIVE_ALBUM = 'E2E Live';
function makeLivePhoto() {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-live-'));
  const run = (args) => {
    const r = spawnSync('ffmpeg', ['-nostdin', '-v', 'error', '-y', ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`ffmpeg could not make the Live Photo: ${r.stderr || r.error}`);
  };
  run(['-f', 'lavfi', '-i', 'testsrc2=size=1024x768', '-frames:v', '1', join(dir, 'IMG_0500.JPG')]);
  run(['-f', 'lavfi', '-i', 'testsrc2=size=1024x768:rate=30:duration=1.5', '-c:v', 'libx265', '-preset', 'ultrafast',
    '-x265-params', 'log-level=error', '-tag:v', 'hvc1', '-pix_fmt', 'yuv420p', join(dir, 'IMG_0500.MOV')]);
  return { still: join(dir, 'IMG_0500.JPG'), motion: join(dir, 'IMG_0500.MOV') };
}
const USER = `invited-${Date.now()}@example.com`;
const TEMP_PASSWORD = 'Temp-pass-123!';
const NEW_PASSWORD = 'Our-family-photos-42';

let stack;
let browser;
let edge;

// The signer and api keep Cognito's answer about a token this long (1 min by default): short, so the
// disabled-user test need not wait a minute.
process.env.USER_CHECK_TTL = '1s';

before(async () => {
  stack = await startStack();
  edge = stack.deployment.endpoints.edge.replace(/\/$/, '');
  PHOTOS.forEach((file, i) => uploadToS3(stack.deployment, file, `photos/${ALBUM}/photo ${i + 1}.jpg`));
  uploadToS3(stack.deployment, makeVideo(), VIDEO_KEY);
  const live = makeLivePhoto();
  uploadToS3(stack.deployment, live.motion, `photos/${LIVE_ALBUM}/IMG_0500.MOV`);
  uploadToS3(stack.deployment, live.still, `photos/${LIVE_ALBUM}/IMG_0500.JPG`);
  await inviteUser(stack.deployment.endpoints.cognito, stack.deployment.userPoolId, USER, TEMP_PASSWORD);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Polls an album through the API as the user until `ready(photos)` holds; returns the photos. */
async function waitForAlbum(token, album, ready, what) {
  const deadline = Date.now() + 240_000;
  let last = '';
  while (Date.now() < deadline) {
    const res = await fetch(`${edge}/api/albums/${encodeURIComponent(album)}/photos`, { headers: { Authorization: `Bearer ${token}` } });
    if (res.ok) {
      const { photos } = await res.json();
      last = JSON.stringify(photos);
      if (ready(photos)) return photos;
    } else last = `${res.status}`;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`${what} within 4 minutes; last answer: ${last}`);
}

/** The video, once it has its poster and its playable copy. */
const waitForVideo = async (token) => (await waitForAlbum(token, VIDEO_ALBUM, (p) => p.length === 1 && !!p[0].video, 'the video was not ready'))[0];

/** The Live Photo, once it is one item (the still) with its motion's copy. */
const waitForLivePhoto = async (token) => (await waitForAlbum(token, LIVE_ALBUM,
  (p) => p.length === 1 && !!p[0].motion && p[0].renditions.length > 0, 'the Live Photo was not one item with its motion'))[0];

/** Every uploaded photo, once each has its renditions (the pipeline is asynchronous). */
const waitForRenditions = (token) => waitForAlbum(token, ALBUM, (p) => p.length === PHOTOS.length && p.every((x) => x.renditions?.length),
  'photos were not rendered');

/** Signs in on the gallery's own page (a user who already chose a password). */
async function signIn(page, username, password) {
  await page.goto(edge);
  await page.getByLabel('Email or user name').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function accessToken(username, password) {
  const r = await cognito(stack.deployment.endpoints.cognito, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: stack.deployment.userPoolClientId,
    AuthParameters: { USERNAME: username, PASSWORD: password },
  });
  return r.AuthenticationResult.AccessToken;
}

test('an invited user signs in for the first time and browses the photos', async (t) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const shot = (name) => page.screenshot({ path: join(artifacts, `${name}.png`) });

  await t.test('the sign-in page opens', async () => {
    await page.goto(edge);
    await page.getByLabel('Email or user name').fill(USER);
    await shot('01-sign-in');
  });

  await t.test('first login: temporary password, then a new password and a name', async () => {
    await page.getByLabel('Password', { exact: true }).fill(TEMP_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('New password', { exact: true }).waitFor();
    await shot('02-new-password');
    await page.getByLabel('Your name').fill('Rosa Tester');
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('New password again').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.getByRole('heading', { name: 'Albums', level: 1 }).waitFor();
    // The header greets the person, by the name just given or else by email, never by a user id.
    await page.waitForFunction(() => document.querySelector('.user')?.textContent);
    assert.ok(['Rosa Tester', USER].includes(await page.locator('.user').innerText()));
  });

  await t.test('the gallery shows the photos uploaded through S3', async () => {
    const photos = await waitForRenditions(await accessToken(USER, NEW_PASSWORD));
    assert.equal(photos.length, PHOTOS.length);
    await page.reload();
    const card = page.locator('.album-card', { hasText: ALBUM });
    await card.waitFor();
    assert.match(await card.innerText(), /3 photos/);
    await shot('03-albums');
    await card.click();
    await page.locator('.tile img.loaded').first().waitFor();
    assert.equal(await page.locator('.tile').count(), PHOTOS.length);
    // Every tile's image is a rendition the browser picked from srcset, never the original.
    for (const src of await page.locator('.tile img').evaluateAll((imgs) => imgs.map((i) => i.currentSrc || i.src))) {
      assert.match(new URL(src).pathname, /^\/renditions\/all\/\d+\//);
    }
    await shot('04-album');
  });

  let renditionUrl;
  await t.test('the viewer loads the rendition whose width matches the viewport', async () => {
    await page.locator('.tile').first().click();
    const img = page.locator('.viewer-img[data-sharp]');
    await img.waitFor();
    // A 16:10 photo in a 1280 × 800 viewport at DPR 1: the 1280 preset, exactly.
    const { src, naturalWidth } = await img.evaluate((i) => ({ src: i.currentSrc || i.src, naturalWidth: i.naturalWidth }));
    assert.match(new URL(src).pathname, /^\/renditions\/all\/1280\//);
    assert.equal(naturalWidth, 1280);
    renditionUrl = src;
    await shot('05-viewer');
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => document.querySelector('.viewer-counter')?.textContent?.startsWith('2 of'));
    await page.keyboard.press('i');
    await page.getByRole('complementary', { name: 'Photo details' }).waitFor();
    // Put with the stack's own keys and no uploader metadata (the aws cli): nobody to name.
    assert.match(await page.getByRole('complementary', { name: 'Photo details' }).innerText(), /Added by\s+Unknown/);
    await shot('06-viewer-info');
    await page.keyboard.press('Escape');
    await page.locator('.viewer').waitFor({ state: 'detached' });
  });

  await t.test('a reload keeps the session', async () => {
    await page.reload();
    await page.locator('.tile img.loaded').first().waitFor();
    assert.equal(await page.getByLabel('Password', { exact: true }).count(), 0);
    const status = await page.evaluate(async (u) => (await fetch(u, { credentials: 'same-origin' })).status, renditionUrl);
    assert.equal(status, 200);
  });

  await t.test('the timeline groups the photos by month', async () => {
    await page.getByRole('link', { name: 'Timeline' }).click();
    await page.locator('.grid .month').first().waitFor();
    await page.locator('.tile img.loaded').first().waitFor();
    assert.ok((await page.locator('.tile').count()) >= PHOTOS.length);
    await shot('07-timeline');
  });

  await t.test('sign out: back to the sign-in page, and a rendition now answers 403', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email or user name').waitFor();
    await shot('08-signed-out');
    const status = await page.evaluate(async (u) => (await fetch(u, { credentials: 'same-origin', cache: 'no-store' })).status, renditionUrl);
    assert.equal(status, 403);
    await page.reload();
    await page.getByLabel('Email or user name').waitFor();
  });

  await t.test('a wrong password is refused with a clear message', async () => {
    await page.getByLabel('Email or user name').fill(USER);
    await page.getByLabel('Password', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const msg = page.locator('.form-message[data-kind=error]');
    await msg.waitFor();
    assert.match(await msg.innerText(), /email or password is not right/i);
    await shot('09-wrong-password');
  });

  await t.test('a phone-sized screen works', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true });
    const p = await phone.newPage();
    await p.goto(edge);
    await p.getByLabel('Email or user name').fill(USER);
    await p.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.locator('.album-card', { hasText: ALBUM }).click();
    await p.locator('.tile img.loaded').first().waitFor();
    await p.screenshot({ path: join(artifacts, '10-phone-album.png') });
    await p.locator('.tile').first().click();
    const img = p.locator('.viewer-img[data-sharp]');
    await img.waitFor();
    // 390 CSS px × DPR 3 = 1170 device pixels across: the 1280 preset (within the slack), not the 2560 one.
    assert.match(new URL(await img.evaluate((i) => i.currentSrc || i.src)).pathname, /^\/renditions\/all\/1280\//);
    await p.screenshot({ path: join(artifacts, '11-phone-viewer.png') });
    await phone.close();
  });

  assert.deepEqual(errors, []);
  await context.close();
});

test('a member the admin disables is signed out of an open tab and cannot sign in again', async () => {
  const member = `disabled-${Date.now()}@example.com`;
  const password = 'Member-password-42';
  const endpoint = stack.deployment.endpoints.cognito;
  const pool = stack.deployment.userPoolId;
  await inviteUser(endpoint, pool, member, TEMP_PASSWORD);
  await cognito(endpoint, 'AdminSetUserPassword', { UserPoolId: pool, Username: member, Password: password, Permanent: true });

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, member, password);
  await page.locator('.album-card', { hasText: ALBUM }).waitFor();
  // The access token amazon-cognito-identity-js keeps for this tab.
  const token = await page.evaluate(() => Object.entries(localStorage).find(([k]) => k.endsWith('.accessToken'))?.[1]);
  assert.ok(token);
  const albums = (t) => page.evaluate(async (bearer) => (await fetch('/api/albums', { headers: { Authorization: `Bearer ${bearer}` } })).status, t);
  assert.equal(await albums(token), 200);

  // What `./gallery admin users disable` does.
  await cognito(endpoint, 'AdminDisableUser', { UserPoolId: pool, Username: member });
  await cognito(endpoint, 'AdminUserGlobalSignOut', { UserPoolId: pool, Username: member });
  await new Promise((r) => setTimeout(r, 1500));

  // The tab still holds a token Cognito issued; the next visit asks the signer, which asks the pool.
  await page.reload();
  const notice = page.locator('.form-message');
  await notice.waitFor();
  assert.match(await notice.innerText(), /sign-in has ended/i);
  assert.equal(await albums(token), 401);
  await page.screenshot({ path: join(artifacts, '12-disabled-signed-out.png') });

  await page.getByLabel('Email or user name').fill(member);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const refusal = page.locator('.form-message[data-kind=error]');
  await refusal.waitFor();
  assert.match(await refusal.innerText(), /account is disabled/i);
  await page.screenshot({ path: join(artifacts, '13-disabled-sign-in.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a member shares an album: a browser without an account sees it alone, until the link is turned off', async () => {
  const member = `sharer-${Date.now()}@example.com`;
  const password = 'Member-password-42';
  const endpoint = stack.deployment.endpoints.cognito;
  const pool = stack.deployment.userPoolId;
  await inviteUser(endpoint, pool, member, TEMP_PASSWORD);
  await cognito(endpoint, 'AdminSetUserPassword', { UserPoolId: pool, Username: member, Password: password, Permanent: true });
  await waitForRenditions(await accessToken(member, password));

  const memberContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await memberContext.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, member, password);
  await page.locator('.album-card', { hasText: ALBUM }).click();
  await page.getByRole('button', { name: 'Share' }).click();
  const field = page.locator('.share-url');
  await field.waitFor();
  const link = await field.inputValue();
  assert.match(link, /\/#share=[A-Za-z0-9_-]{22}$/);
  await page.screenshot({ path: join(artifacts, '20-share-made.png') });

  // Someone with no account opens it in a fresh browser: the album, its photos, nothing else.
  const guest = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const view = await guest.newPage();
  view.on('pageerror', (e) => errors.push(e.message));
  await view.goto(link);
  await view.getByRole('heading', { name: ALBUM }).waitFor();
  await view.locator('.tile img').first().waitFor();
  await view.waitForFunction(() => [...document.querySelectorAll('.tile img')].some((i) => i.complete && i.naturalWidth > 0));
  assert.equal(await view.getByLabel('Email or user name').count(), 0, 'no sign-in form');
  assert.equal(await view.locator('.tile').count(), PHOTOS.length);
  await view.screenshot({ path: join(artifacts, '21-share-guest.png') });
  const src = await view.locator('.tile img').first().getAttribute('src');
  assert.match(src, /^\/renditions\/s-[0-9a-f]{16}\//);
  const status = (u, init) => view.evaluate(async ([url, i]) => (await fetch(url, { credentials: 'same-origin', ...i })).status, [u, init]);
  assert.equal(await status(src), 200, 'the shared rendition');
  assert.equal(await status(src.replace(/^\/renditions\/s-[0-9a-f]{16}\//, '/renditions/all/')), 403, 'the same photo for members');
  assert.equal(await status('/api/albums'), 401, 'the member API');
  // The viewer opens, with no download: the link does not allow originals.
  await view.locator('.tile').first().click();
  await view.locator('.viewer-img').waitFor();
  assert.equal(await view.getByRole('link', { name: 'Download original' }).isVisible(), false);

  // The member turns the link off; the guest's next visit says so, plainly.
  await page.goto(`${edge}/#/links`);
  await page.getByRole('button', { name: `Turn off the link to ${ALBUM}` }).click();
  await page.locator('td', { hasText: 'turned off' }).first().waitFor();
  await page.screenshot({ path: join(artifacts, '22-share-links.png') });
  await view.reload();
  await view.getByRole('heading', { name: 'This link was turned off' }).waitFor();
  await view.screenshot({ path: join(artifacts, '23-share-revoked.png') });
  assert.deepEqual(errors, []);
  await guest.close();
  await memberContext.close();
});

test('a video from a phone shows its poster, plays, and seeks with range requests', async (t) => {
  const video = await waitForVideo(await accessToken(USER, NEW_PASSWORD));
  assert.equal(video.kind, 'video');
  assert.ok(video.duration > 7 && video.duration < 9, `duration ${video.duration}`);
  assert.match(video.video, /^\/renditions\/all\/video\/photos\/E2E%20Videos\/IMG_0042\.MOV\.mp4\?v=/);

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const ranges = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/renditions/all/video/')) ranges.push(r.headers().range ?? '(none)');
  });
  const statuses = [];
  page.on('response', (r) => {
    if (new URL(r.url()).pathname.startsWith('/renditions/all/video/')) statuses.push(r.status());
  });
  await signIn(page, USER, NEW_PASSWORD);
  await page.locator('.album-card', { hasText: VIDEO_ALBUM }).click();

  await t.test('the grid tile carries a duration badge', async () => {
    const tile = page.locator('.tile[data-kind=video]');
    await tile.locator('img.loaded').waitFor();
    assert.equal(await tile.locator('.duration').innerText(), '0:08');
    assert.match(await tile.getAttribute('aria-label'), /^Open video IMG_0042\.MOV, .*video 0:08$/);
    await page.screenshot({ path: join(artifacts, '14-video-tile.png') });
  });

  await t.test('the viewer shows the poster at once, with native controls, no autoplay, muted', async () => {
    await page.locator('.tile[data-kind=video]').click();
    await page.locator('.viewer-img.loaded').waitFor();
    const v = page.locator('video.viewer-video');
    await v.waitFor();
    const state = await v.evaluate((el) => ({ controls: el.controls, autoplay: el.autoplay, muted: el.muted, paused: el.paused, poster: el.poster }));
    assert.deepEqual({ controls: state.controls, autoplay: state.autoplay, muted: state.muted, paused: state.paused },
      { controls: true, autoplay: false, muted: true, paused: true });
    assert.match(new URL(state.poster).pathname, /^\/renditions\/all\/\d+\/photos\/E2E%20Videos\/IMG_0042\.MOV\.webp$/);
    await page.screenshot({ path: join(artifacts, '15-video-poster.png') });
  });

  await t.test('it plays: currentTime advances', async () => {
    const v = page.locator('video.viewer-video');
    await v.evaluate((el) => el.play());
    await page.waitForFunction(() => document.querySelector('video.viewer-video')?.currentTime > 1, null, { timeout: 30_000 });
    await page.screenshot({ path: join(artifacts, '16-video-playing.png') });
  });

  await t.test('seeking fetches the copy with range requests, answered 206', async () => {
    const v = page.locator('video.viewer-video');
    await v.evaluate((el) => el.pause());
    await v.evaluate((el) => { el.currentTime = 7; });
    await page.waitForFunction(() => {
      const el = document.querySelector('video.viewer-video');
      return el && !el.seeking && el.readyState >= 2 && el.currentTime >= 6.9;
    }, null, { timeout: 30_000 });
    assert.ok(ranges.length > 0 && ranges.every((r) => r.startsWith('bytes=')), `requests: ${JSON.stringify(ranges)}`);
    assert.ok(ranges.some((r) => !r.startsWith('bytes=0-')), `a range past the start was asked for: ${JSON.stringify(ranges)}`);
    assert.ok(statuses.includes(206), `statuses: ${JSON.stringify(statuses)}`);
  });

  await t.test('Esc closes the viewer and its player', async () => {
    await page.keyboard.press('Escape');
    await page.locator('.viewer').waitFor({ state: 'detached' });
    assert.equal(await page.locator('video').count(), 0);
  });

  assert.deepEqual(errors, []);
  await context.close();
});

test('a Live Photo is one item: the still, whose motion plays muted on hover and while LIVE is pressed', async (t) => {
  const photo = await waitForLivePhoto(await accessToken(USER, NEW_PASSWORD));
  assert.equal(photo.key, `photos/${LIVE_ALBUM}/IMG_0500.JPG`);
  assert.equal(photo.kind, 'photo');
  assert.match(photo.motion, /^\/renditions\/all\/video\/photos\/E2E%20Live\/IMG_0500\.MOV\.mp4\?v=/);

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, USER, NEW_PASSWORD);
  await page.locator('.album-card', { hasText: LIVE_ALBUM }).click();

  await t.test('the grid has one tile, marked LIVE, and no separate video', async () => {
    await page.locator('.tile img.loaded').first().waitFor();
    assert.equal(await page.locator('.tile').count(), 1);
    assert.equal(await page.locator('.tile[data-kind=video]').count(), 0);
    assert.equal(await page.locator('.tile .live').innerText(), 'LIVE');
    assert.match(await page.locator('.tile').getAttribute('aria-label'), /Live Photo$/);
    await page.screenshot({ path: join(artifacts, '17-live-photo-tile.png') });
  });

  await t.test('hovering the photo plays its motion, muted; leaving stops it', async () => {
    await page.locator('.tile').click();
    await page.locator('.viewer-img.loaded').waitFor();
    const m = page.locator('video.viewer-motion');
    await m.waitFor({ state: 'attached' });
    // The click left the mouse over the photo, which may already play it: move off first.
    await page.mouse.move(5, 400, { steps: 2 });
    await page.waitForFunction(() => document.querySelector('video.viewer-motion')?.paused, null, { timeout: 5_000 });
    assert.equal(await m.evaluate((el) => el.muted && !el.controls && !el.autoplay), true);
    const box = await page.locator('.viewer-frame').boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
    await page.waitForFunction(() => document.querySelector('video.viewer-motion')?.currentTime > 0.3, null, { timeout: 30_000 });
    assert.equal(await m.evaluate((el) => el.classList.contains('playing') && el.muted), true);
    await page.screenshot({ path: join(artifacts, '18-live-photo-playing.png') });
    await page.mouse.move(5, 400, { steps: 4 });
    await page.waitForFunction(() => document.querySelector('video.viewer-motion')?.paused, null, { timeout: 5_000 });
  });

  await t.test('pressing LIVE plays it until released', async () => {
    const button = page.locator('.live-button');
    await button.hover();
    await page.mouse.down();
    await page.waitForFunction(() => document.querySelector('video.viewer-motion')?.currentTime > 0.3, null, { timeout: 30_000 });
    assert.equal(await button.getAttribute('aria-pressed'), 'true');
    await page.mouse.up();
    await page.waitForFunction(() => document.querySelector('video.viewer-motion')?.paused, null, { timeout: 5_000 });
    assert.equal(await button.getAttribute('aria-pressed'), 'false');
  });

  await t.test('Esc closes the viewer and releases the motion', async () => {
    await page.keyboard.press('Escape');
    await page.locator('.viewer').waitFor({ state: 'detached' });
    assert.equal(await page.locator('video').count(), 0);
  });

  assert.deepEqual(errors, []);
  await context.close();
});
