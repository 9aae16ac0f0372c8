import { describe, expect, it } from 'vitest';
import { groupByMonth, monthKey } from '../src/months';
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
