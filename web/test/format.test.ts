import { describe, expect, it } from 'vitest';
import { albumTitle } from '../src/format';

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
