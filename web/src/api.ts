import type { Album, FailedPhoto, Me, Photo, PhotoPage, SharedPage, ShareLink, UploadRules, UploadStart, UploadStatus } from './types';
import { albumPhotosPath, photoPath, timelinePath, withQuery } from './urls';

export class ApiError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

/** The gallery API: bearer token in, JSON out. A 401 means the token is gone: the app asks to sign in again. */
export class Api {
  constructor(private readonly base: string, private readonly token: () => Promise<string>) {}

  private get<T>(path: string, method = 'GET'): Promise<T> {
    return this.send<T>(method, path);
  }

  private async send<T>(method: string, path: string, body?: unknown): Promise<T> {
    const token = await this.token();
    return send<T>(path, method, { Authorization: `Bearer ${token}` }, body);
  }

  me(): Promise<Me> {
    return this.get(`${this.base}/me`);
  }

  async albums(): Promise<Album[]> {
    return (await this.get<{ albums: Album[] }>(`${this.base}/albums`)).albums ?? [];
  }

  albumPhotos(album: string, cursor?: string | null, limit = 200): Promise<PhotoPage> {
    return this.get(albumPhotosPath(this.base, album, cursor, limit));
  }

  timeline(cursor?: string | null, limit = 200): Promise<PhotoPage> {
    return this.get(timelinePath(this.base, cursor, limit));
  }

  photo(key: string): Promise<Photo> {
    return this.get(photoPath(this.base, key));
  }

  /** What the gallery takes: extensions, their kind, and the largest photo and video (the pipeline's own lists). */
  uploadRules(): Promise<UploadRules> {
    return this.get(`${this.base}/uploads`);
  }

  startUpload(album: string, name: string, size: number, sha256: string): Promise<UploadStart> {
    return this.send('POST', `${this.base}/uploads`, { album, name, size, sha256 });
  }

  uploadStatus(id: string): Promise<UploadStatus> {
    return this.get(`${this.base}/uploads/${encodeURIComponent(id)}`);
  }

  async partUrls(id: string, parts: number[]): Promise<Record<string, string>> {
    return (await this.send<{ urls: Record<string, string> }>('POST', `${this.base}/uploads/${encodeURIComponent(id)}/parts`, { parts })).urls;
  }

  completeUpload(id: string): Promise<{ key: string }> {
    return this.send('POST', `${this.base}/uploads/${encodeURIComponent(id)}/complete`, {});
  }

  abortUpload(id: string): Promise<unknown> {
    return this.send('DELETE', `${this.base}/uploads/${encodeURIComponent(id)}`);
  }

  async failed(): Promise<FailedPhoto[]> {
    return (await this.get<{ photos: FailedPhoto[] }>(`${this.base}/failed`)).photos ?? [];
  }

  /** Links this member made (every link, for an admin). */
  async links(): Promise<ShareLink[]> {
    return (await this.get<{ links: ShareLink[] }>(`${this.base}/links`)).links ?? [];
  }

  createLink(album: string, days = 7, downloads = false): Promise<ShareLink> {
    return this.get(withQuery(`${this.base}/links`, { album, days, downloads: downloads ? 'true' : null }), 'POST');
  }

  revokeLink(id: string): Promise<ShareLink> {
    return this.get(`${this.base}/links/${encodeURIComponent(id)}`, 'DELETE');
  }
}

/** A shared album's page, with no account: the link id is the credential. 404 and 410 say the link is gone. */
export function sharedAlbum(base: string, id: string, cursor?: string | null): Promise<SharedPage> {
  return send(withQuery(`${base}/shared/${encodeURIComponent(id)}`, { cursor }), 'GET', {});
}

async function send<T>(path: string, method: string, headers: Record<string, string>, body?: unknown): Promise<T> {
  let res: Response;
  try {
    const all: Record<string, string> = { ...headers, Accept: 'application/json' };
    if (body !== undefined) all['Content-Type'] = 'application/json';
    res = await fetch(path, { method, headers: all, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError('Cannot reach the gallery. Check your connection and try again.', 0);
  }
  if (!res.ok) {
    let detail = '';
    try {
      const body = await res.json();
      detail = body?.message ?? body?.error ?? '';
    } catch {
      detail = '';
    }
    throw new ApiError(detail || messageFor(res.status), res.status);
  }
  return (await res.json()) as T;
}

function messageFor(status: number): string {
  if (status === 401) return 'Your sign-in has expired. Sign in again.';
  if (status === 403) return 'You do not have access to this page.';
  if (status === 404) return 'Not found. It may have been moved or deleted.';
  if (status >= 500) return `The gallery had a problem (${status}). Try again in a minute.`;
  return `The gallery answered ${status}.`;
}
