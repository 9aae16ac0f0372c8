import type { Photo, Rendition } from './types';
import { fillResize } from './urls';

export interface Choice {
  url: string;
  /** Pixel size the chosen image will have (for a resize, what we asked for). */
  width: number;
  height: number;
  kind: 'rendition' | 'resize' | 'original';
}

/**
 * How much larger than needed a preset rendition may be before the on-demand resizer is the better deal. A preset
 * is rendered already and usually cached at the edge, a resize is a render the viewer waits for (1.5-2.2 s for
 * 1448 px on a 1440 × 900 laptop, when the 1920 preset was ready): 1.5 is the ladder's largest step from 1280 up
 * (1280 → 1920), so every need from 1280 px to 2560 is a preset and the resizer is left for 4K screens and zoom past
 * the largest preset (2560: a stored 3840 cost more than it served, docs/deploy.md) and the odd gap (801-853 px).
 */
export const PRESET_SLACK = 1.5;

/**
 * On a screen with at least two device pixels per CSS pixel, a rendition this much smaller than the device pixels
 * still counts as covering them, as in Chrome's own srcset choice (which takes the lower candidate up to the geometric
 * mean of two densities): stretched by at most 11% at 2× it looks the same, and it is at the edge already, where the
 * resizer's render is a wait. A 1440 × 900 @2 laptop showing a 3:2 photo needs 2700 px; the 2560 rendition is 95%.
 */
export const HIGH_DPR_UNDERSHOOT = 0.9;

/** The resizer's output sizes from /config.json ("resizeSizes"), ascending; empty until {@link useResizeSizes}. */
let resizeSizes: number[] = [];

/** Tells the viewer the resizer's sizes, so it asks for canonical URLs (called once, at start-up, from /config.json). */
export function useResizeSizes(sizes: number[]): void {
  resizeSizes = [...sizes].sort((a, b) => a - b);
}

/**
 * The resizer's canonical box for a picture of target.width × target.height device pixels (gallery.resize.Canonical): the
 * longest edge, never above the photo's, snapped up to the next size of the resizer's ladder, as a square. Asking for
 * it costs one round trip; any other box is answered with a redirect to it. Null when the sizes are not known.
 */
export function canonicalResizeEdge(photo: Photo, target: { width: number; height: number }): number | null {
  if (resizeSizes.length === 0) return null;
  const longest = Math.max(photo.width, photo.height);
  const want = Math.max(resizeSizes[0], Math.min(Math.max(target.width, target.height), longest, resizeSizes[resizeSizes.length - 1]));
  return resizeSizes.find((s) => s >= want) ?? resizeSizes[resizeSizes.length - 1];
}

export function sortedRenditions(photo: Photo): Rendition[] {
  return [...(photo.renditions ?? [])].sort((a, b) => a.width - b.width);
}

/** Device pixels the photo occupies when shown whole ("contain") in a box of CSS pixels, never above the original. */
export function targetPixels(photo: Photo, boxWidth: number, boxHeight: number, dpr: number, zoom = 1): { width: number; height: number } {
  const scale = Math.min(boxWidth / photo.width, boxHeight / photo.height) * Math.max(dpr, 0.5) * Math.max(zoom, 1);
  if (scale >= 1) return { width: photo.width, height: photo.height };
  return { width: Math.round(photo.width * scale), height: Math.round(photo.height * scale) };
}

/**
 * The image to show for a viewport of boxWidth × boxHeight CSS pixels at a devicePixelRatio: the smallest preset
 * rendition that covers the device pixels (HIGH_DPR_UNDERSHOOT on sharp screens) without wasting more than PRESET_SLACK, else the resizer at the exact size,
 * else the closest thing there is.
 */
export function chooseRendition(photo: Photo, boxWidth: number, boxHeight: number, dpr: number, zoom = 1): Choice | null {
  const target = targetPixels(photo, boxWidth, boxHeight, dpr, zoom);
  const all = sortedRenditions(photo);
  const enough = dpr >= 2 ? HIGH_DPR_UNDERSHOOT : 1;
  // One pixel of rounding either way is the same size.
  const covering = all.find((r) => r.width >= target.width * enough - 1 && r.height >= target.height * enough - 1);
  if (covering && covering.width <= target.width * PRESET_SLACK) {
    return { url: covering.url, width: covering.width, height: covering.height, kind: 'rendition' };
  }
  if (photo.resize) {
    const edge = canonicalResizeEdge(photo, target);
    if (edge === null) {
      return { url: fillResize(photo.resize, target.width, target.height), width: target.width, height: target.height, kind: 'resize' };
    }
    // What the resizer will send: the photo scaled to that edge, never above its own size.
    const scale = Math.min(1, edge / Math.max(photo.width, photo.height));
    return { url: fillResize(photo.resize, edge, edge), width: Math.round(photo.width * scale), height: Math.round(photo.height * scale), kind: 'resize' };
  }
  if (covering) return { url: covering.url, width: covering.width, height: covering.height, kind: 'rendition' };
  const largest = all[all.length - 1];
  if (largest) return { url: largest.url, width: largest.width, height: largest.height, kind: 'rendition' };
  if (photo.original) return { url: photo.original, width: photo.width, height: photo.height, kind: 'original' };
  return null;
}

/** The widest copy of each photo this page has loaded (grid tiles, the viewer, preloads), by photo key. */
const loaded = new Map<string, { url: string; width: number }>();

/** Note that a copy of a photo is in the browser (decoded or in its memory cache). */
export function rememberLoaded(key: string, url: string, width: number): void {
  if (!url || !(width > 0)) return;
  const had = loaded.get(key);
  if (!had || had.width < width) loaded.set(key, { url, width });
}

/** The best copy of a photo already in the browser, shown at once while a sharper one loads. */
export function bestLoaded(key: string): { url: string; width: number } | undefined {
  return loaded.get(key);
}

/** `srcset` over every rendition, described by its real width, so the browser picks by layout size × DPR. */
export function srcset(photo: Photo): string {
  return sortedRenditions(photo)
    .map((r) => `${r.url} ${r.width}w`)
    .join(', ');
}

/** A small rendition for `src` (browsers without srcset, and the first guess before layout). */
export function fallbackSrc(photo: Photo, cssWidth: number): string | undefined {
  const all = sortedRenditions(photo);
  return (all.find((r) => r.width >= cssWidth) ?? all[all.length - 1])?.url;
}
