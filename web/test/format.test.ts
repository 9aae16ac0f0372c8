import { describe, expect, it } from 'vitest';
import { albumTitle, formatDuration, formatUploader } from '../src/format';

describe('albumTitle', () => {
  it('is the folder name, with its parents as a breadcrumb', () => {
    expect(albumTitle('Family/Summer by the sea')).toEqual({ title: 'Summer by the sea', parents: ['Family'] });
    expect(albumTitle('2024/Trips/Rome')).toEqual({ title: 'Rome', parents: ['2024', 'Trips'] });
    expect(albumTitle('Trip')).toEqual({ title: 'Trip', parents: [] });
  });
  it('names the photos at the top of the bucket', () => {
    expect(albumTitle('')).toEqual({ title: 'Unfiled photos', parents: [] });
  });
});

describe('formatUploader', () => {
  it('says who added a photo in words', () => {
    expect(formatUploader('member:ann@example.org')).toBe('ann@example.org, in the browser');
    expect(formatUploader('backup-key:ann@example.org')).toBe('ann@example.org, from a backup');
    expect(formatUploader('admin')).toBe('The admin tool');
    expect(formatUploader('unknown')).toBe('Unknown');
    expect(formatUploader(undefined)).toBe('Unknown');
  });
});

describe('formatDuration', () => {
  it('shows minutes and seconds as players do', () => {
    expect(formatDuration(7.4)).toBe('0:07');
    expect(formatDuration(83)).toBe('1:23');
    expect(formatDuration(59.6)).toBe('1:00');
  });
  it('adds hours for long videos', () => {
    expect(formatDuration(3723)).toBe('1:02:03');
  });
  it('is empty when unknown', () => {
    expect(formatDuration(null)).toBe('');
    expect(formatDuration(undefined)).toBe('');
    expect(formatDuration(Number.NaN)).toBe('');
  });
});
