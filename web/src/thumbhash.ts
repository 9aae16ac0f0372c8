/**
 * ThumbHash decoding (the format of github.com/evanw/thumbhash): a ~25-byte DCT of the photo in an
 * L/P/Q(/A) colour space. The API sends it base64-encoded as `placeholder`; we paint it before the
 * rendition arrives.
 */
export interface DecodedHash {
  w: number;
  h: number;
  rgba: Uint8ClampedArray<ArrayBuffer>;
}

export function base64ToBytes(b64: string): Uint8Array {
  const std = b64.replace(/-/g, '+').replace(/_/g, '/').replace(/\s+/g, '');
  const bin = atob(std + '='.repeat((4 - (std.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

interface Header {
  lDc: number; pDc: number; qDc: number; aDc: number;
  lScale: number; pScale: number; qScale: number; aScale: number;
  hasAlpha: boolean; isLandscape: boolean;
  lx: number; ly: number;
}

function header(hash: ArrayLike<number>): Header {
  if (hash.length < 5) throw new Error(`ThumbHash too short: ${hash.length} bytes, need at least 5`);
  const h24 = hash[0] | (hash[1] << 8) | (hash[2] << 16);
  const h16 = hash[3] | (hash[4] << 8);
  const hasAlpha = (h24 >> 23) !== 0;
  const isLandscape = (h16 >> 15) !== 0;
  return {
    lDc: (h24 & 63) / 63,
    pDc: ((h24 >> 6) & 63) / 31.5 - 1,
    qDc: ((h24 >> 12) & 63) / 31.5 - 1,
    lScale: ((h24 >> 18) & 31) / 31,
    hasAlpha,
    pScale: ((h16 >> 3) & 63) / 63,
    qScale: ((h16 >> 9) & 63) / 63,
    isLandscape,
    lx: Math.max(3, isLandscape ? (hasAlpha ? 5 : 7) : h16 & 7),
    ly: Math.max(3, isLandscape ? h16 & 7 : hasAlpha ? 5 : 7),
    aDc: hasAlpha ? (hash[5] & 15) / 15 : 1,
    aScale: hasAlpha ? (hash[5] >> 4) / 15 : 0,
  };
}

/** Width / height of the photo the hash was made from (approximate: the hash stores a 7-bit ratio). */
export function thumbHashAspect(hash: ArrayLike<number>): number {
  const h = header(hash);
  const lx = h.isLandscape ? (h.hasAlpha ? 5 : 7) : hash[3] & 7;
  const ly = h.isLandscape ? hash[3] & 7 : h.hasAlpha ? 5 : 7;
  return lx / ly;
}

export function thumbHashToRGBA(hash: ArrayLike<number>): DecodedHash {
  const hd = header(hash);
  const { lx, ly, hasAlpha } = hd;
  const acStart = hasAlpha ? 6 : 5;
  let acIndex = 0;
  // Coefficients are 4-bit nibbles, low nibble first, in triangular order (cx * ny < nx * (ny - cy)), DC excluded.
  const channel = (nx: number, ny: number, scale: number): number[] => {
    const ac: number[] = [];
    for (let cy = 0; cy < ny; cy++) {
      for (let cx = cy ? 0 : 1; cx * ny < nx * (ny - cy); cx++) {
        const byte = hash[acStart + (acIndex >> 1)] ?? 0;
        const nibble = (byte >> ((acIndex & 1) << 2)) & 15;
        acIndex++;
        ac.push((nibble / 7.5 - 1) * scale);
      }
    }
    return ac;
  };
  const lAc = channel(lx, ly, hd.lScale);
  // The encoder damps chroma; the reference decoder boosts it back by 1.25.
  const pAc = channel(3, 3, hd.pScale * 1.25);
  const qAc = channel(3, 3, hd.qScale * 1.25);
  const aAc = hasAlpha ? channel(5, 5, hd.aScale) : [];

  const ratio = thumbHashAspect(hash);
  const w = Math.round(ratio > 1 ? 32 : 32 * ratio);
  const h = Math.round(ratio > 1 ? 32 / ratio : 32);
  const rgba = new Uint8ClampedArray(w * h * 4);
  const nx = Math.max(lx, hasAlpha ? 5 : 3);
  const ny = Math.max(ly, hasAlpha ? 5 : 3);
  const fx = new Float64Array(nx);
  const fy = new Float64Array(ny);
  for (let y = 0, i = 0; y < h; y++) {
    for (let cy = 0; cy < ny; cy++) fy[cy] = Math.cos((Math.PI / h) * (y + 0.5) * cy);
    for (let x = 0; x < w; x++, i += 4) {
      for (let cx = 0; cx < nx; cx++) fx[cx] = Math.cos((Math.PI / w) * (x + 0.5) * cx);
      let l = hd.lDc, p = hd.pDc, q = hd.qDc, a = hd.aDc;
      for (let cy = 0, j = 0; cy < ly; cy++) {
        const fy2 = fy[cy] * 2;
        for (let cx = cy ? 0 : 1; cx * ly < lx * (ly - cy); cx++, j++) l += lAc[j] * fx[cx] * fy2;
      }
      for (let cy = 0, j = 0; cy < 3; cy++) {
        const fy2 = fy[cy] * 2;
        for (let cx = cy ? 0 : 1; cx < 3 - cy; cx++, j++) {
          const f = fx[cx] * fy2;
          p += pAc[j] * f;
          q += qAc[j] * f;
        }
      }
      if (hasAlpha) {
        for (let cy = 0, j = 0; cy < 5; cy++) {
          const fy2 = fy[cy] * 2;
          for (let cx = cy ? 0 : 1; cx < 5 - cy; cx++, j++) a += aAc[j] * fx[cx] * fy2;
        }
      }
      const b = l - (2 / 3) * p;
      const r = (3 * l - b + q) / 2;
      const g = r - q;
      rgba[i] = 255 * Math.min(1, Math.max(0, r));
      rgba[i + 1] = 255 * Math.min(1, Math.max(0, g));
      rgba[i + 2] = 255 * Math.min(1, Math.max(0, b));
      rgba[i + 3] = 255 * Math.min(1, Math.max(0, a));
    }
  }
  return { w, h, rgba };
}

/** The average colour, for a tile's background before even the placeholder is decoded. */
export function thumbHashAverageColor(hash: ArrayLike<number>): string {
  const hd = header(hash);
  const b = hd.lDc - (2 / 3) * hd.pDc;
  const r = (3 * hd.lDc - b + hd.qDc) / 2;
  const g = r - hd.qDc;
  const c = (v: number) => Math.round(255 * Math.min(1, Math.max(0, v)));
  return `rgb(${c(r)} ${c(g)} ${c(b)})`;
}

const cache = new Map<string, string>();

/** A data: URL of the decoded placeholder (browser only), cached per hash; undefined when the hash is unusable. */
export function placeholderUrl(b64: string | null | undefined): string | undefined {
  if (!b64) return undefined;
  const hit = cache.get(b64);
  if (hit !== undefined) return hit || undefined;
  let url = '';
  try {
    const { w, h, rgba } = thumbHashToRGBA(base64ToBytes(b64));
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const ctx = canvas.getContext('2d');
    if (ctx) {
      ctx.putImageData(new ImageData(rgba, w, h), 0, 0);
      url = canvas.toDataURL('image/png');
    }
  } catch {
    // A malformed hash only costs the placeholder; the photo itself still loads.
    url = '';
  }
  if (cache.size > 5000) cache.clear();
  cache.set(b64, url);
  return url || undefined;
}
