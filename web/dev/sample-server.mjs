// DEVELOPMENT ONLY: serves dist/ with sample albums so the UI can be looked at and screenshotted
// without the Java stack. Sign-in is real (cognito-local from tools/); the API answers come from
// JSON generated here over wallpapers installed on this machine, and renditions are made with sharp.
// Never used by the tests, never shipped.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rgbaToThumbHash } from 'thumbhash';
import { cognito, inviteUser } from '../e2e/cognito-admin.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const web = resolve(here, '..');
const dist = join(web, 'dist');
const sharp = createRequire(join(web, '../tools/package.json'))('sharp');
const PORT = Number(process.env.PORT ?? 8480);
const COGNITO_PORT = PORT + 1;
// The Photo JSON's shape and the default preset's sizes, as api's PhotoJson and core's Presets define them
// (web/test/photo-shape.json, written by api's PhotoShapeTest): every photo served here is checked against it.
const SHAPE = JSON.parse(readFileSync(join(web, 'test/photo-shape.json'), 'utf8'));
const SIZES = SHAPE.presetSizes;

// --- cognito-local, with a pool, a client, an invited user and a ready admin -------------------
const cognitoDir = mkdtempSync(join(tmpdir(), 'gallery-dev-cognito-'));
const cognitoProc = spawn(join(web, '../tools/node_modules/.bin/cognito-local'), [], {
  cwd: cognitoDir,
  env: { ...process.env, PORT: String(COGNITO_PORT), HOST: '127.0.0.1' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
process.on('exit', () => cognitoProc.kill());
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(0));
const cognitoUrl = `http://127.0.0.1:${COGNITO_PORT}/`;
for (let i = 0; ; i++) {
  try {
    await fetch(cognitoUrl, { method: 'POST' });
    break;
  } catch {
    if (i > 100) throw new Error('cognito-local did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
}
const pool = (await cognito(cognitoUrl, 'CreateUserPool', { PoolName: 'dev' })).UserPool;
const client = (await cognito(cognitoUrl, 'CreateUserPoolClient', { UserPoolId: pool.Id, ClientName: 'web' })).UserPoolClient;
await inviteUser(cognitoUrl, pool.Id, 'grandma@example.com', 'Temp-pass-123');
await inviteUser(cognitoUrl, pool.Id, 'admin@example.com', 'Temp-pass-123', { name: 'Alex' });
await cognito(cognitoUrl, 'AdminSetUserPassword', { UserPoolId: pool.Id, Username: 'admin@example.com', Password: 'Family-photos-1', Permanent: true });
await cognito(cognitoUrl, 'CreateGroup', { UserPoolId: pool.Id, GroupName: 'admins' });
await cognito(cognitoUrl, 'AdminAddUserToGroup', { UserPoolId: pool.Id, Username: 'admin@example.com', GroupName: 'admins' });

// --- sample photos ----------------------------------------------------------------------------
const sources = [
  ...listImages('/usr/share/backgrounds/mate/nature'),
  ...['Autumn', 'ColdRipple', 'ColorfulCups', 'EveningGlow', 'FallenLeaf', 'Altai', 'Kay', 'Flow']
    .map((n) => `/usr/share/wallpapers/${n}/contents/images`)
    .filter(existsSync)
    .flatMap((d) => listImages(d).filter((f) => !/5120x2880/.test(f)).slice(0, 1)),
];
function listImages(dir) {
  return existsSync(dir) ? readdirSync(dir).filter((f) => /\.(jpe?g|png)$/i.test(f)).map((f) => join(dir, f)) : [];
}
const CAMERAS = ['Apple iPhone 13', 'Google Pixel 7', 'Fujifilm X-T30', 'Canon EOS R6', null];
const meta = [];
for (const file of sources) {
  const img = sharp(file);
  const { width, height } = await img.metadata();
  const { data, info } = await sharp(file).resize(100, 100, { fit: 'inside' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const placeholder = Buffer.from(rgbaToThumbHash(info.width, info.height, data)).toString('base64');
  meta.push({ file, width, height, placeholder });
}
const albums = [
  { name: 'Summer at the lake', from: '2024-07-02', n: 18 },
  { name: 'Grandma’s 80th', from: '2024-05-11', n: 9 },
  { name: 'Autumn walks', from: '2023-10-08', n: 14 },
  { name: 'Everything 2022', from: '2022-01-01', n: 2000 },
];
const photosByAlbum = new Map();
const byKey = new Map();
for (const a of albums) {
  const list = [];
  const start = Date.parse(a.from);
  for (let i = 0; i < a.n; i++) {
    const m = meta[(i * 7 + a.name.length) % meta.length];
    const name = `${String(i + 1).padStart(4, '0')} ${m.file.split('/').pop()}`;
    const key = `photos/${a.name}/${name}`;
    const takenAt = new Date(start + i * (a.n > 100 ? 0.18 : 0.3) * 86400e3 + i * 3600e3).toISOString().slice(0, 19);
    const version = 'v' + (i % 9);
    const enc = key.split('/').map(encodeURIComponent).join('/');
    const photo = {
      key, album: a.name, status: 'ready', width: m.width, height: m.height, takenAt,
      camera: CAMERAS[i % CAMERAS.length], placeholder: m.placeholder, version,
      renditions: ladder(m.width, m.height).map(({ size, width, height }) => ({ size, width, height, url: `/renditions/${size}/${enc}.webp?v=${version}` })),
      original: `/photos/${enc}?v=${version}`,
      resize: `/resize/{w}x{h}/${enc}?v=${version}`,
    };
    conform(photo, SHAPE.Photo, key);
    list.push(photo);
    byKey.set(key, { photo, file: m.file });
  }
  photosByAlbum.set(a.name, list);
}
/**
 * The renditions the renderer makes (gallery.imaging.Renderer): each preset size below the longest edge at that
 * size, the first at or above it once at the original's own size, none larger.
 */
function ladder(width, height) {
  const long = Math.max(width, height);
  const out = [];
  for (const size of SIZES) {
    if (size < long) out.push({ size, width: Math.round((width * size) / long), height: Math.round((height * size) / long) });
    else return [...out, { size, width, height }];
  }
  return out;
}
/** Throws when a sample photo has a field the API's Photo has not, or one of another kind. */
function conform(value, shape, where) {
  if (Array.isArray(shape)) return value.forEach((v, i) => conform(v, shape[0], `${where}[${i}]`));
  if (typeof shape === 'object') {
    for (const [field, v] of Object.entries(value)) {
      if (!(field in shape)) throw new Error(`${where}.${field} is not a field of the API's Photo (web/test/photo-shape.json)`);
      if (v !== null && v !== undefined) conform(v, shape[field], `${where}.${field}`);
    }
    return;
  }
  if (typeof value !== shape) throw new Error(`${where} is a ${typeof value}, the API's Photo has a ${shape}`);
}
const timeline = [...byKey.values()].map((v) => v.photo).sort((x, y) => y.takenAt.localeCompare(x.takenAt));

// --- HTTP -------------------------------------------------------------------------------------
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png' };
const cache = new Map();

function json(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}
function page(list, url) {
  const cursor = Number(url.searchParams.get('cursor') ?? 0);
  const limit = Number(url.searchParams.get('limit') ?? 100);
  const next = cursor + limit < list.length ? String(cursor + limit) : null;
  return { photos: list.slice(cursor, cursor + limit), next };
}
function keyFrom(path, prefixParts) {
  return path.split('/').slice(prefixParts).map(decodeURIComponent).join('/');
}
async function image(res, file, width, height) {
  const id = `${file}@${width}x${height}`;
  let buf = cache.get(id);
  if (!buf) {
    buf = await sharp(file).rotate().resize(width, height, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 78 }).toBuffer();
    cache.set(id, buf);
  }
  res.writeHead(200, { 'Content-Type': 'image/webp', 'Cache-Control': 'private, max-age=31536000, immutable' });
  res.end(buf);
}

createServer(async (req, res) => {
  const url = new URL(req.url, `http://${req.headers.host}`);
  const path = url.pathname;
  const signed = /(?:^|;\s*)dev-session=1/.test(req.headers.cookie ?? '');
  try {
    if (path === '/config.json') {
      return json(res, 200, { region: 'local', userPoolId: pool.Id, clientId: client.ClientId, cognitoEndpoint: '/cognito/', authFlow: 'USER_PASSWORD_AUTH', sizes: SIZES });
    }
    if (path === '/cognito/') {
      const body = await new Promise((ok) => { const c = []; req.on('data', (d) => c.push(d)); req.on('end', () => ok(Buffer.concat(c))); });
      const up = await fetch(cognitoUrl, { method: 'POST', headers: { 'Content-Type': req.headers['content-type'], 'X-Amz-Target': req.headers['x-amz-target'] }, body });
      res.writeHead(up.status, { 'Content-Type': up.headers.get('content-type') ?? 'application/json' });
      return res.end(Buffer.from(await up.arrayBuffer()));
    }
    if (path.startsWith('/api/') || path === '/session') {
      if (!/^Bearer .+/.test(req.headers.authorization ?? '')) return json(res, 401, { message: 'Sign in first' });
      if (path === '/session') {
        if (req.method === 'DELETE') {
          res.writeHead(204, { 'Set-Cookie': 'dev-session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict' });
          return res.end();
        }
        res.writeHead(200, { 'Set-Cookie': 'dev-session=1; Path=/; HttpOnly; SameSite=Strict', 'Content-Type': 'application/json' });
        return res.end(JSON.stringify({ expiresAt: new Date(Date.now() + 3600e3).toISOString() }));
      }
      const token = JSON.parse(Buffer.from(req.headers.authorization.split('.')[1], 'base64url').toString());
      const user = token.username ?? token['cognito:username'];
      const isAdmin = (token['cognito:groups'] ?? []).includes('admins');
      if (path === '/api/me') return json(res, 200, { username: user, name: isAdmin ? 'Alex' : 'Grandma Rose', email: null, admin: isAdmin });
      if (path === '/api/albums') {
        return json(res, 200, {
          albums: albums.map((a) => {
            const list = photosByAlbum.get(a.name);
            return { name: a.name, count: list.length, cover: list[Math.min(3, list.length - 1)], from: list[0].takenAt, to: list[list.length - 1].takenAt };
          }),
        });
      }
      const m = /^\/api\/albums\/(.+)\/photos$/.exec(path);
      if (m) {
        const list = photosByAlbum.get(keyFrom(m[1], 0));
        return list ? json(res, 200, page(list, url)) : json(res, 404, { message: 'No such album' });
      }
      if (path === '/api/timeline') return json(res, 200, page(timeline, url));
      if (path.startsWith('/api/photos/')) {
        const hit = byKey.get(keyFrom(path, 3));
        return hit ? json(res, 200, hit.photo) : json(res, 404, { message: 'No such photo' });
      }
      if (path === '/api/failed') {
        if (!isAdmin) return json(res, 403, { message: 'Admins only' });
        return json(res, 200, { photos: [
          { key: 'photos/Summer at the lake/IMG_2231.HEIC', album: 'Summer at the lake', reason: 'unsupported format: HEIF with AV1 compression is not on the allow-list', updatedAt: '2024-07-05T10:12:00Z' },
          { key: 'photos/Autumn walks/scan-0001.tif', album: 'Autumn walks', reason: 'too large: 26000 × 18000 = 468 MP exceeds the 200 MP limit', updatedAt: '2023-10-10T08:00:00Z' },
        ] });
      }
      return json(res, 404, { message: 'Not found' });
    }
    const r = /^\/renditions\/(\d+)\/(.+)\.webp$/.exec(path);
    const z = /^\/resize\/(\d+)x(\d+)\/(.+)$/.exec(path);
    const o = /^\/photos\/(.+)$/.exec(path);
    if (r || z || o) {
      if (!signed) {
        res.writeHead(403);
        return res.end('Forbidden: no signed cookie');
      }
      const key = keyFrom((r?.[2] ?? z?.[3] ?? `photos/${o[1]}`), 0);
      const hit = byKey.get(key);
      if (!hit) { res.writeHead(404); return res.end(); }
      if (o) { res.writeHead(200, { 'Content-Type': 'image/*' }); return res.end(readFileSync(hit.file)); }
      return r ? image(res, hit.file, Number(r[1]), Number(r[1])) : image(res, hit.file, Number(z[1]), Number(z[2]));
    }
    let file = join(dist, path === '/' ? 'index.html' : path);
    if (!file.startsWith(dist) || !existsSync(file) || statSync(file).isDirectory()) file = join(dist, 'index.html');
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  } catch (err) {
    console.error(err);
    res.writeHead(500);
    res.end(String(err));
  }
}).listen(PORT, '127.0.0.1', () => {
  console.log(`dev gallery on http://127.0.0.1:${PORT}/  (invited: grandma@example.com / Temp-pass-123; admin: admin@example.com / Family-photos-1)`);
});
