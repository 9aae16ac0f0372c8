import { describe, expect, it } from 'vitest';
import { albumPhotosPath, encodeKey, fillResize, parseRoute, photoPath, routeHash, shareId, timelinePath } from '../src/urls';

describe('encodeKey', () => {
  it('keeps slashes as separators and escapes each segment', () => {
    expect(encodeKey('photos/Summer 2024/a#1?.jpg')).toBe('photos/Summer%202024/a%231%3F.jpg');
  });
  it('escapes percent, plus and non-ASCII so the key decodes back exactly once', () => {
    const key = 'photos/100% Grüße/+ beach.jpg';
    const encoded = encodeKey(key);
    expect(encoded).toBe('photos/100%25%20Gr%C3%BC%C3%9Fe/%2B%20beach.jpg');
    expect(encoded.split('/').map(decodeURIComponent).join('/')).toBe(key);
  });
});

describe('API paths', () => {
  it('builds album pages with cursor and limit', () => {
    expect(albumPhotosPath('/api', 'Trips/Rome & Pisa', 'abc+/=', 200)).toBe('/api/albums/Trips/Rome%20%26%20Pisa/photos?cursor=abc%2B%2F%3D&limit=200');
  });
  it('leaves out a missing cursor', () => {
    expect(timelinePath('/api', null, 100)).toBe('/api/timeline?limit=100');
    expect(timelinePath('/api')).toBe('/api/timeline');
  });
  it('encodes a photo key per segment', () => {
    expect(photoPath('/api', 'photos/a b/c.jpg')).toBe('/api/photos/photos/a%20b/c.jpg');
  });
  it('fills the resize template', () => {
    expect(fillResize('/resize/{w}x{h}/photos/a.jpg?v=1', 1366.4, 911.2)).toBe('/resize/1366x911/photos/a.jpg?v=1');
  });
});

describe('routes', () => {
  it('round-trips albums with odd characters and an open photo', () => {
    const r = { name: 'album' as const, album: 'Trips/Rome & Pisa #2', photo: 'photos/Trips/Rome & Pisa #2/a?.jpg' };
    expect(parseRoute(routeHash(r))).toEqual(r);
  });
  it('falls back to the albums page', () => {
    expect(parseRoute('')).toEqual({ name: 'albums' });
    expect(parseRoute('#/nonsense')).toEqual({ name: 'albums' });
    expect(parseRoute('#/timeline')).toEqual({ name: 'timeline', photo: undefined });
    expect(parseRoute('#/failed')).toEqual({ name: 'failed' });
  });
});

describe('shareId', () => {
  it('reads a share link id from the fragment, and nothing else', () => {
    expect(shareId('#share=AAAAAAAAAAAAAAAAAAAAAA')).toBe('AAAAAAAAAAAAAAAAAAAAAA');
    expect(shareId('#share=short')).toBeNull();
    expect(shareId('#/album/x')).toBeNull();
  });
});
