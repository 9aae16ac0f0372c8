/** API shapes, as in docs/architecture.md "API". */
export interface Rendition {
  size: number;
  width: number;
  height: number;
  url: string;
}

export interface Location {
  latitude: number;
  longitude: number;
}

/** The API's Photo; its fields are api's PhotoJson.Photo, checked by test/photo-shape.test.ts. */
export interface Photo {
  key: string;
  album: string;
  status?: string;
  width: number;
  height: number;
  /** What the camera wrote, with its offset when known; null when the file has no date. */
  takenAt?: string | null;
  /** The local date-time the photo is sorted and grouped by: the camera's, else a guess (dateSource). */
  date?: string | null;
  dateSource?: 'camera' | 'fileName' | 'upload' | null;
  camera?: string | null;
  /** Base64 ThumbHash of the photo, painted while the rendition loads. */
  placeholder?: string | null;
  version?: string | null;
  renditions: Rendition[];
  original?: string | null;
  /** Template with {w} and {h}: the on-demand resizer for sizes between presets. */
  resize?: string | null;
  /** Where it was taken, only when the gallery is set to show it (SHOW_GPS). */
  location?: Location | null;
  /** "video" for a video, whose renditions, placeholder and size are its poster frame's. */
  kind?: "photo" | "video";
  /** A video's length in seconds. */
  duration?: number | null;
  /** What the browser plays: the web-playable MP4 copy (served with HTTP ranges). */
  video?: string | null;
  /** A Live Photo's motion: its MOV's web-playable copy, played muted on press or hover; absent otherwise. */
  motion?: string | null;
  /** Who added it: `member:<email>` (browser), `backup-key:<email>`, `admin`, `unknown`; absent on older photos. */
  uploader?: string | null;
}

export interface Album {
  name: string;
  count: number;
  cover?: Photo | null;
  from?: string | null;
  to?: string | null;
}

export interface PhotoPage {
  photos: Photo[];
  next?: string | null;
}

export interface Me {
  username: string;
  name?: string | null;
  email?: string | null;
  admin: boolean;
}

export interface FailedPhoto {
  key: string;
  album: string;
  reason: string;
  updatedAt?: string | null;
}

/** GET /api/uploads: every extension the gallery takes (lower case, no dot) and the size limits. */
export interface UploadRules {
  types: Record<string, { contentType: string; video: boolean }>;
  maxImageBytes: number;
  maxVideoBytes: number;
  partSize: number;
}

export type UploadStart =
  | { status: 'duplicate'; key: string }
  | { status: 'started'; key: string; uploadId: string; partSize: number; parts: number };

export interface UploadStatus {
  key: string;
  parts: number;
  done: { part: number; size: number; eTag: string }[];
}

/** A share link as its maker and the admins see it (GET /api/links). */
export interface ShareLink {
  id: string;
  album: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  downloads: boolean;
  state: 'open' | 'expired' | 'revoked';
  /** The page that opens it, relative to the site: /#share=<id>. */
  url: string;
}

/** A shared album as a browser without an account reads it (GET /api/shared/<id>). */
export interface SharedPage extends PhotoPage {
  album: string;
  expiresAt: string;
  downloads: boolean;
}
