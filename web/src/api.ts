import type { Album, FailedPhoto, Me, Photo, PhotoPage } from './types';
import { albumPhotosPath, photoPath, timelinePath } from './urls';

export class ApiError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

/** The gallery API: bearer token in, JSON out. A 401 means the token is gone: the app asks to sign in again. */
export class Api {
  constructor(private readonly base: string, private readonly token: () => Promise<string>) {}

  private async get<T>(path: string): Promise<T> {
    const token = await this.token();
    let res: Response;
    try {
      res = await fetch(path, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' }, credentials: 'same-origin' });
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

  async failed(): Promise<FailedPhoto[]> {
    return (await this.get<{ photos: FailedPhoto[] }>(`${this.base}/failed`)).photos ?? [];
  }
}

function messageFor(status: number): string {
  if (status === 401) return 'Your sign-in has expired. Sign in again.';
  if (status === 403) return 'You do not have access to this page.';
  if (status === 404) return 'Not found. It may have been moved or deleted.';
  if (status >= 500) return `The gallery had a problem (${status}). Try again in a minute.`;
  return `The gallery answered ${status}.`;
}
