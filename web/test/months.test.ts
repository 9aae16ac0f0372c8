import { describe, expect, it } from 'vitest';
import { groupByMonth, monthKey, photoDate } from '../src/months';
import type { Photo } from '../src/types';

const p = (key: string, takenAt: string | null): Photo => ({ key, album: 'a', width: 3, height: 2, takenAt, renditions: [] });

describe('groupByMonth', () => {
  it('groups consecutive photos by the month they were taken, in the order given', () => {
    const groups = groupByMonth(
      [p('a', '2024-08-02T10:00:00'), p('b', '2024-08-01T09:00:00'), p('c', '2024-07-31T23:30:00'), p('d', '2023-12-25T08:00:00Z')],
      'en-GB',
    );
    expect(groups.map((g) => [g.key, g.label, g.photos.map((x) => x.key)])).toEqual([
      ['2024-08', 'August 2024', ['a', 'b']],
      ['2024-07', 'July 2024', ['c']],
      ['2023-12', 'December 2023', ['d']],
    ]);
  });

  it('reads the month as written, whatever the viewer\'s time zone', () => {
    expect(monthKey('2024-07-31T23:30:00-05:00')).toBe('2024-07');
    expect(monthKey('2024-08-01T00:10:00+02:00')).toBe('2024-08');
  });

  it('puts photos without a date in an Undated group', () => {
    const groups = groupByMonth([p('a', '2024-08-02'), p('b', null), p('c', 'garbage')]);
    expect(groups.map((g) => [g.key, g.label, g.photos.length])).toEqual([
      ['2024-08', expect.any(String), 1],
      ['undated', 'Undated', 2],
    ]);
  });
});

describe('photoDate', () => {
  const base = { key: 'k', album: 'a', width: 3, height: 2, renditions: [] };
  it('groups by the API date (local time the camera wrote), never shifting through a zone', () => {
    // The pair: 03:00 UTC on 1 July and 23:30 on 30 June at -07:00; the API sorts them by local time.
    const groups = groupByMonth(
      [
        { ...base, key: 'london', takenAt: '2024-07-01T03:00Z', date: '2024-07-01T03:00:00', dateSource: 'camera' },
        { ...base, key: 'california', takenAt: '2024-06-30T23:30-07:00', date: '2024-06-30T23:30:00', dateSource: 'camera' },
        { ...base, key: 'no-offset', takenAt: '2024-06-30T22:00Z', date: '2024-06-30T22:00:00', dateSource: 'camera' },
      ],
      'en-GB',
    );
    expect(groups.map((g) => [g.label, g.photos.map((p) => p.key)])).toEqual([
      ['July 2024', ['london']],
      ['June 2024', ['california', 'no-offset']],
    ]);
  });

  it('marks a guessed date and groups a photo without any date under its guess, not Undated', () => {
    const scan = { ...base, takenAt: null, date: '2026-12-05T09:00:00', dateSource: 'upload' as const };
    expect(photoDate(scan)).toEqual({ at: '2026-12-05T09:00:00', guess: 'upload' });
    expect(photoDate({ ...base, takenAt: null, date: '2024-06-30T12:34:56', dateSource: 'fileName' })).toEqual({ at: '2024-06-30T12:34:56', guess: 'fileName' });
    expect(photoDate({ ...base, takenAt: '2024-06-30T12:34:56Z' })).toEqual({ at: '2024-06-30T12:34:56Z', guess: null });
    expect(groupByMonth([scan], 'en-GB').map((g) => g.label)).toEqual(['December 2026']);
  });
});
