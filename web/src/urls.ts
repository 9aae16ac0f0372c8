/**
 * Keys are S3 object keys: any character may appear, and "/" separates folders. URLs carry them
 * percent-encoded per path segment, so "/" stays a separator and "#", "?", "%", spaces are escaped.
 */
export function encodeKey(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}

export function albumPhotosPath(apiBase: string, album: string, cursor?: string | null, limit?: number): string {
  return withQuery(`${apiBase}/albums/${encodeKey(album)}/photos`, { cursor, limit });
}

export function timelinePath(apiBase: string, cursor?: string | null, limit?: number): string {
  return withQuery(`${apiBase}/timeline`, { cursor, limit });
}

export function photoPath(apiBase: string, key: string): string {
  return `${apiBase}/photos/${encodeKey(key)}`;
}

/** Fills the `resize` template of a Photo ("/resize/{w}x{h}/<key>?v=..."); the resizer snaps the size. */
export function fillResize(template: string, width: number, height: number): string {
  return template.replace('{w}', String(Math.round(width))).replace('{h}', String(Math.round(height)));
}

export function withQuery(path: string, params: Record<string, string | number | null | undefined>): string {
  const q = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  if (!q) return path;
  return path + (path.includes('?') ? '&' : '?') + q;
}

/** Routes inside the single page (hash based, so every deep link is served by index.html). */
export type Route =
  | { name: 'albums' }
  | { name: 'album'; album: string; photo?: string }
  | { name: 'timeline'; photo?: string }
  | { name: 'failed' }
  | { name: 'links' };

export function parseRoute(hash: string): Route {
  const h = hash.replace(/^#/, '');
  const [pathPart, queryPart = ''] = h.split('?');
  const photo = new URLSearchParams(queryPart).get('photo') ?? undefined;
  if (pathPart.startsWith('/album/')) {
    const album = pathPart.slice('/album/'.length).split('/').map(decodeURIComponent).join('/');
    return album ? { name: 'album', album, photo } : { name: 'albums' };
  }
  if (pathPart === '/timeline') return { name: 'timeline', photo };
  if (pathPart === '/failed') return { name: 'failed' };
  if (pathPart === '/links') return { name: 'links' };
  return { name: 'albums' };
}

export function routeHash(route: Route): string {
  switch (route.name) {
    case 'albums':
      return '#/';
    case 'album':
      return withQuery(`#/album/${encodeKey(route.album)}`, { photo: route.photo });
    case 'timeline':
      return withQuery('#/timeline', { photo: route.photo });
    case 'failed':
      return '#/failed';
    case 'links':
      return '#/links';
  }
}

/** A share link's id from the page's fragment (`#share=<id>`); null when the page is not a share link. */
export function shareId(hash: string): string | null {
  const m = /^#share=([A-Za-z0-9_-]{22})$/.exec(hash);
  return m ? m[1] : null;
}
