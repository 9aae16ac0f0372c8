/** Dates as the family reads them. Dates taken are wall-clock times; they are shown as written, without zone shifts. */
function parts(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(iso);
  if (!m) return null;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)));
}

export function formatDate(iso: string | null | undefined, locale?: string): string {
  const d = parts(iso);
  return d ? new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(d) : '';
}

export function formatDateTime(iso: string | null | undefined, locale?: string): string {
  const d = parts(iso);
  if (!d) return '';
  const hasTime = /[T ]\d{2}:\d{2}/.test(iso!);
  return new Intl.DateTimeFormat(locale, {
    weekday: 'long', day: 'numeric', month: 'long', year: 'numeric',
    ...(hasTime ? { hour: '2-digit', minute: '2-digit' } : {}),
    timeZone: 'UTC',
  }).format(d);
}

export function formatDateRange(from: string | null | undefined, to: string | null | undefined, locale?: string): string {
  const a = parts(from);
  const b = parts(to);
  if (!a && !b) return '';
  if (!a || !b) return formatDate(from ?? to, locale);
  const [lo, hi] = a <= b ? [a, b] : [b, a];
  const fmt = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  return fmt.formatRange(lo, hi);
}

export function formatCount(n: number): string {
  return n === 1 ? '1 photo' : `${n.toLocaleString()} photos`;
}

/** Short enough for a phone's title bar: "Sat, May 11, 2024". */
export function formatDay(iso: string | null | undefined, locale?: string): string {
  const d = parts(iso);
  return d ? new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(d) : '';
}

/** An album is a folder: its title is the folder's own name, its parent folders a breadcrumb ("Family/Summer" → "Summer" in "Family"). */
export function albumTitle(album: string): { title: string; parents: string[] } {
  const parts = album.split('/').filter(Boolean);
  if (!parts.length) return { title: 'Unfiled photos', parents: [] };
  return { title: parts[parts.length - 1], parents: parts.slice(0, -1) };
}

/** A video's length as players show it: 0:07, 1:23, 1:02:03. */
/** Who added a photo, in words, from the API's `uploader` (`member:<email>`, `backup-key:<email>`, `admin`). */
export function formatUploader(uploader: string | null | undefined): string {
  if (!uploader || uploader === 'unknown') return 'Unknown';
  if (uploader === 'admin') return 'The admin tool';
  if (uploader.startsWith('member:')) return `${uploader.slice('member:'.length)}, in the browser`;
  if (uploader.startsWith('backup-key:')) return `${uploader.slice('backup-key:'.length)}, from a backup`;
  return uploader;
}

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '';
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** 1.5 MB, 820 KB, 3.2 GB: decimal units, as phones and file managers show sizes. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let u = -1;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v >= 100 ? Math.round(v) : v.toFixed(1)} ${units[u]}`;
}
