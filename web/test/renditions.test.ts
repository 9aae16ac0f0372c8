import { describe, expect, it } from 'vitest';
import { afterEach } from 'vitest';
import { bestLoaded, canonicalResizeEdge, chooseRendition, rememberLoaded, srcset, targetPixels, useResizeSizes } from '../src/renditions';
import type { Photo } from '../src/types';

const SIZES = [256, 640, 1280, 1920, 2560, 3840];

/** A photo as the API describes it: renditions at every preset size below the original (never upscaled). */
function photo(width: number, height: number): Photo {
  const long = Math.max(width, height);
  const renditions = SIZES.filter((s) => s < long).map((s) => {
    const scale = s / long;
    return { size: s, width: Math.round(width * scale), height: Math.round(height * scale), url: `/renditions/${s}/photos/p.jpg.webp?v=1` };
  });
  return { key: 'photos/p.jpg', album: 'a', width, height, renditions, original: '/photos/p.jpg?v=1', resize: '/resize/{w}x{h}/photos/p.jpg?v=1' };
}

describe('chooseRendition', () => {
  it('picks the preset that matches a viewport of the photo\'s shape exactly', () => {
    const c = chooseRendition(photo(4000, 3000), 1280, 960, 1)!;
    expect(c).toMatchObject({ kind: 'rendition', width: 1280, url: '/renditions/1280/photos/p.jpg.webp?v=1' });
  });
  it('multiplies by devicePixelRatio', () => {
    const c = chooseRendition(photo(6000, 4000), 960, 640, 2)!;
    expect(c).toMatchObject({ kind: 'rendition', width: 1920 });
  });
  it('takes a slightly larger preset rather than calling the resizer', () => {
    // 1200 device pixels wide: the 1280 rendition is within the slack.
    const c = chooseRendition(photo(4000, 3000), 1200, 900, 1)!;
    expect(c).toMatchObject({ kind: 'rendition', width: 1280 });
  });
  it('takes the ready 1920 preset on a 1440 × 900 laptop rather than waiting for a 1440 px render', () => {
    expect(chooseRendition(photo(2560, 1600), 1440, 900, 1)).toMatchObject({ kind: 'rendition', width: 1920 });
    // A 1366 × 768 laptop screen and a 16:9 photo (1365 × 768 of it): 1280 is too small, 1920 is 1.41×.
    expect(chooseRendition(photo(6000, 3375), 1366, 768, 1)).toMatchObject({ kind: 'rendition', width: 1920 });
  });
  it('falls to the resize template only when no preset is within the slack', () => {
    // 820 device pixels: 640 is too small, 1280 is 1.56×.
    const c = chooseRendition(photo(4000, 3000), 820, 615, 1)!;
    expect(c.kind).toBe('resize');
    expect(c.url).toBe('/resize/820x615/photos/p.jpg?v=1');
  });
  it('on a 2x screen takes a preset up to 10% short rather than calling the resizer', () => {
    // A 1440 × 900 @2 laptop and a 3:2 photo: 2700 × 1800 device pixels; the 2560 rendition is 95% of that.
    expect(chooseRendition(photo(6000, 4000), 1440, 900, 2)).toMatchObject({ kind: 'rendition', width: 2560 });
    // 2900 device pixels: 2560 is 88%, too short; 3840 is 1.32×, within the slack.
    expect(chooseRendition(photo(6000, 4000), 1450, 1000, 2)).toMatchObject({ kind: 'rendition', width: 3840 });
    // The same 2700 px at 1x (a 2700 px wide window) is not stretched: 3840, not 2560.
    expect(chooseRendition(photo(6000, 4000), 2700, 1800, 1)).toMatchObject({ kind: 'rendition', width: 3840 });
    // Zoomed past the largest preset: the resizer.
    expect(chooseRendition(photo(8000, 6000), 1450, 1000, 2, 2)).toMatchObject({ kind: 'resize' });
  });
  it('never asks for more pixels than the original has', () => {
    const p = photo(1000, 800);
    expect(targetPixels(p, 2560, 1440, 2)).toEqual({ width: 1000, height: 800 });
    // Nothing covers 1000 × 800 (largest preset below it is 640): the resizer serves the original size.
    expect(chooseRendition(p, 2560, 1440, 2)).toMatchObject({ kind: 'resize', url: '/resize/1000x800/photos/p.jpg?v=1' });
  });
  it('uses the largest rendition, then the original, when there is no resizer', () => {
    const p = { ...photo(1000, 800), resize: null };
    expect(chooseRendition(p, 2560, 1440, 2)).toMatchObject({ kind: 'rendition', width: 640 });
    expect(chooseRendition({ ...p, renditions: [] }, 2560, 1440, 2)).toMatchObject({ kind: 'original', url: '/photos/p.jpg?v=1' });
  });
  it('zooming asks for more pixels', () => {
    expect(chooseRendition(photo(8000, 6000), 1280, 960, 1, 2)).toMatchObject({ kind: 'rendition', width: 2560 });
  });
  it('fits portrait photos by height', () => {
    expect(chooseRendition(photo(3000, 4000), 1920, 1280, 1)).toMatchObject({ kind: 'rendition', height: 1280 });
  });
});

describe('canonical resize URLs', () => {
  // gallery.resize.SizeLadder's rungs from 512 to 4096 (RESIZE_MAX_SIZE), as /config.json carries them.
  const LADDER = [512, 560, 608, 664, 728, 792, 864, 936, 1024, 1120, 1216, 1328, 1448, 1576, 1720, 1880, 2048, 2232, 2432, 2656, 2896, 3160, 3448, 3760, 4096];
  afterEach(() => useResizeSizes([]));

  it('asks for the snapped square box at once, so the resizer does not redirect', () => {
    useResizeSizes(LADDER);
    // 820 × 615 device pixels of a 4:3 photo: 820 snaps up to 864; the picture is 864 × 648.
    expect(chooseRendition(photo(4000, 3000), 820, 615, 1)).toEqual({ kind: 'resize', url: '/resize/864x864/photos/p.jpg?v=1', width: 864, height: 648 });
    // Portrait: the longest edge is the height.
    expect(chooseRendition(photo(3000, 4000), 615, 820, 1)).toMatchObject({ url: '/resize/864x864/photos/p.jpg?v=1', width: 648, height: 864 });
  });
  it('never asks past the photo: the first size at or above its longest edge, the picture at its own size', () => {
    useResizeSizes(LADDER);
    expect(chooseRendition(photo(1000, 800), 2560, 1440, 2)).toEqual({ kind: 'resize', url: '/resize/1024x1024/photos/p.jpg?v=1', width: 1000, height: 800 });
  });
  it('keeps within the ladder, and asks for the exact box when it does not know the ladder', () => {
    useResizeSizes(LADDER);
    expect(canonicalResizeEdge(photo(8000, 6000), { width: 6000, height: 4500 })).toBe(4096);
    expect(canonicalResizeEdge(photo(8000, 6000), { width: 100, height: 75 })).toBe(512);
    useResizeSizes([]);
    expect(chooseRendition(photo(4000, 3000), 820, 615, 1)).toMatchObject({ url: '/resize/820x615/photos/p.jpg?v=1' });
  });
});

describe('srcset', () => {
  it('lists every rendition by its real width, smallest first', () => {
    const p = photo(3000, 2000);
    p.renditions.reverse();
    expect(srcset(p)).toBe(
      '/renditions/256/photos/p.jpg.webp?v=1 256w, /renditions/640/photos/p.jpg.webp?v=1 640w, /renditions/1280/photos/p.jpg.webp?v=1 1280w, /renditions/1920/photos/p.jpg.webp?v=1 1920w, /renditions/2560/photos/p.jpg.webp?v=1 2560w',
    );
  });
});

describe('bestLoaded', () => {
  it('keeps the widest copy of each photo the page has loaded', () => {
    expect(bestLoaded('photos/k.jpg')).toBeUndefined();
    rememberLoaded('photos/k.jpg', '/renditions/400/photos/k.jpg.webp', 400);
    rememberLoaded('photos/k.jpg', '/renditions/1920/photos/k.jpg.webp', 1920);
    rememberLoaded('photos/k.jpg', '/renditions/256/photos/k.jpg.webp', 256);
    rememberLoaded('photos/k.jpg', '', 4000);
    expect(bestLoaded('photos/k.jpg')).toEqual({ url: '/renditions/1920/photos/k.jpg.webp', width: 1920 });
  });
});
