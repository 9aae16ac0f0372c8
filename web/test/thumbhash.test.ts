import { describe, expect, it } from 'vitest';
// The reference implementation, as a test oracle only: the gallery ships its own decoder.
import * as reference from 'thumbhash';
import { base64ToBytes, thumbHashAspect, thumbHashAverageColor, thumbHashToRGBA } from '../src/thumbhash';

/** A w×h test image: a horizontal red→blue gradient over a vertical brightness ramp, optionally with fading alpha. */
function image(w: number, h: number, alpha = false): Uint8Array {
  const rgba = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      const t = x / (w - 1);
      const v = 0.4 + (0.6 * y) / (h - 1);
      rgba[i] = 255 * (1 - t) * v;
      rgba[i + 1] = 120 * v;
      rgba[i + 2] = 255 * t * v;
      rgba[i + 3] = alpha ? 255 * (1 - y / (h - 1)) : 255;
    }
  }
  return rgba;
}

function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

describe('thumbHashToRGBA', () => {
  for (const [w, h, alpha] of [[100, 75, false], [60, 100, false], [100, 100, true], [100, 40, true]] as const) {
    it(`decodes ${w}×${h}${alpha ? ' with alpha' : ''} exactly as the reference decoder does`, () => {
      const hash = reference.rgbaToThumbHash(w, h, image(w, h, alpha));
      const ours = thumbHashToRGBA(hash);
      const theirs = reference.thumbHashToRGBA(hash);
      expect([ours.w, ours.h]).toEqual([theirs.w, theirs.h]);
      // The reference truncates floats into a Uint8Array, we clamp into a Uint8ClampedArray (which rounds): within 1.
      let maxDiff = 0;
      for (let i = 0; i < ours.rgba.length; i++) maxDiff = Math.max(maxDiff, Math.abs(ours.rgba[i] - theirs.rgba[i]));
      expect(maxDiff).toBeLessThanOrEqual(1);
    });
  }

  it('looks like the photo: red on the left, blue on the right, brighter at the bottom', () => {
    const { w, h, rgba } = thumbHashToRGBA(reference.rgbaToThumbHash(100, 75, image(100, 75)));
    const px = (x: number, y: number) => Array.from(rgba.slice((y * w + x) * 4, (y * w + x) * 4 + 4));
    const [r0, , b0] = px(2, h >> 1);
    const [r1, , b1] = px(w - 3, h >> 1);
    expect(r0).toBeGreaterThan(b0 + 60);
    expect(b1).toBeGreaterThan(r1 + 60);
    expect(px(w >> 1, h - 2)[1]).toBeGreaterThan(px(w >> 1, 1)[1]);
  });

  it('recovers the aspect ratio', () => {
    expect(thumbHashAspect(reference.rgbaToThumbHash(100, 75, image(100, 75)))).toBeCloseTo(4 / 3, 0);
    expect(thumbHashAspect(reference.rgbaToThumbHash(60, 100, image(60, 100)))).toBeLessThan(1);
  });

  it('reads standard and URL-safe base64 alike', () => {
    const hash = reference.rgbaToThumbHash(100, 75, image(100, 75));
    const std = toBase64(hash);
    const urlSafe = std.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    expect(Array.from(base64ToBytes(std))).toEqual(Array.from(hash));
    expect(Array.from(base64ToBytes(urlSafe))).toEqual(Array.from(hash));
  });

  it('gives the average colour', () => {
    const hash = reference.rgbaToThumbHash(100, 75, image(100, 75));
    // The reference gives 0..1 floats.
    const { r, g, b } = reference.thumbHashToAverageRGBA(hash);
    const m = /rgb\((\d+) (\d+) (\d+)\)/.exec(thumbHashAverageColor(hash))!;
    expect(Number(m[1])).toBeCloseTo(r * 255, -1);
    expect(Number(m[2])).toBeCloseTo(g * 255, -1);
    expect(Number(m[3])).toBeCloseTo(b * 255, -1);
  });

  it('rejects a hash too short to have a header', () => {
    expect(() => thumbHashToRGBA(new Uint8Array([1, 2, 3]))).toThrow(/too short: 3 bytes/);
  });
});
