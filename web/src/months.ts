import type { Photo } from './types';

export interface MonthGroup {
  /** "2024-07", or "undated" for photos without a date taken. */
  key: string;
  label: string;
  photos: Photo[];
}

const MONTH = /^(\d{4})-(\d{2})/;

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
    const key = monthKey(p.takenAt);
    const last = groups[groups.length - 1];
    if (last && last.key === key) last.photos.push(p);
    else groups.push({ key, label: monthLabel(key, locale), photos: [p] });
  }
  return groups;
}
