import type { Photo } from './types';

export interface MonthGroup {
  /** "2024-07", or "undated" for photos without a date taken. */
  key: string;
  label: string;
  photos: Photo[];
}

const MONTH = /^(\d{4})-(\d{2})/;

export interface PhotoDate {
  /** Local date-time as written (no zone conversion), or null. */
  at: string | null;
  /** Where a guessed date comes from; null when the camera wrote it. */
  guess: 'fileName' | 'upload' | null;
}

/**
 * The date a photo is shown and grouped by, the API's `date` (the camera's local time, else a guess from
 * the file name or the upload), in the order the API sorted by. Older APIs sent only `takenAt`.
 */
export function photoDate(p: Photo): PhotoDate {
  if (p.date) return { at: p.date, guess: p.dateSource === 'fileName' || p.dateSource === 'upload' ? p.dateSource : null };
  return { at: p.takenAt ?? null, guess: null };
}

/** How a guessed date is explained to the family. */
export function guessNote(guess: PhotoDate['guess']): string {
  return guess === 'fileName' ? 'date guessed from the file name' : guess === 'upload' ? 'no date in the photo: when it was uploaded' : '';
}

export function monthKey(takenAt: string | null | undefined): string {
  const m = takenAt ? MONTH.exec(takenAt) : null;
  return m ? `${m[1]}-${m[2]}` : 'undated';
}

/**
 * The month is read from the date as written (EXIF dates are local wall-clock time), not converted
 * through the viewer's time zone, so a photo taken at 23:30 on 31 July stays in July.
 */
export function monthLabel(key: string, locale?: string): string {
  if (key === 'undated') return 'Undated';
  const [y, m] = key.split('-').map(Number);
  return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, 1));
}

/** Consecutive photos of the same month form one group; the photos' order is kept (the timeline is newest first). */
export function groupByMonth(photos: readonly Photo[], locale?: string): MonthGroup[] {
  const groups: MonthGroup[] = [];
  for (const p of photos) {
    const key = monthKey(photoDate(p).at);
    const last = groups[groups.length - 1];
    if (last && last.key === key) last.photos.push(p);
    else groups.push({ key, label: monthLabel(key, locale), photos: [p] });
  }
  return groups;
}
