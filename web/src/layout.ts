/** Justified rows: every row fills the width exactly, photos keep their aspect ratio, rows close to a target height. */
export interface Tile {
  index: number;
  left: number;
  width: number;
}

export interface Row {
  top: number;
  height: number;
  tiles: Tile[];
}

export interface JustifyOptions {
  width: number;
  targetHeight: number;
  gap: number;
  /** Panoramas and slivers are cropped to this range so one odd photo does not flatten a row. */
  minAspect?: number;
  maxAspect?: number;
}

export interface Layout {
  rows: Row[];
  height: number;
}

export function justify(aspects: readonly number[], opts: JustifyOptions, startTop = 0): Layout {
  const { width, targetHeight, gap } = opts;
  const minA = opts.minAspect ?? 0.5;
  const maxA = opts.maxAspect ?? 3;
  const clamp = (a: number) => (Number.isFinite(a) && a > 0 ? Math.min(maxA, Math.max(minA, a)) : 1);
  const rows: Row[] = [];
  let top = startTop;
  let start = 0;
  let sum = 0;
  const heightFor = (aspectSum: number, n: number) => (width - gap * (n - 1)) / aspectSum;

  const closeRow = (end: number, height: number, stretch: boolean) => {
    const tiles: Tile[] = [];
    let left = 0;
    for (let i = start; i < end; i++) {
      const w = clamp(aspects[i]) * height;
      tiles.push({ index: i, left, width: w });
      left += w + gap;
    }
    if (stretch && tiles.length > 0) {
      // Round to whole pixels and give the rounding error to the last tile so the right edge is straight.
      let x = 0;
      for (const t of tiles) {
        t.left = x;
        t.width = Math.round(t.width);
        x += t.width + gap;
      }
      const last = tiles[tiles.length - 1];
      last.width = width - last.left;
    }
    const h = Math.round(height);
    rows.push({ top, height: h, tiles });
    top += h + gap;
    start = end;
    sum = 0;
  };

  for (let i = 0; i < aspects.length; i++) {
    const a = clamp(aspects[i]);
    const n = i - start + 1;
    const withIt = heightFor(sum + a, n);
    if (withIt > targetHeight) {
      sum += a;
      continue;
    }
    // Adding this photo makes the row shorter than the target: keep it, or close the row before it,
    // whichever height is closer to the target (in ratio, so too tall and too short weigh the same).
    if (n > 1) {
      const without = heightFor(sum, n - 1);
      if (Math.abs(Math.log(without / targetHeight)) < Math.abs(Math.log(withIt / targetHeight))) {
        closeRow(i, without, true);
        sum = a;
        if (heightFor(a, 1) <= targetHeight) closeRow(i + 1, heightFor(a, 1), true);
        continue;
      }
    }
    sum += a;
    closeRow(i + 1, withIt, true);
  }
  // The last row keeps the target height and stays left-aligned instead of blowing up a lone photo.
  if (start < aspects.length) closeRow(aspects.length, Math.min(targetHeight, heightFor(sum, aspects.length - start)), false);
  return { rows, height: rows.length ? top - gap - startTop : 0 };
}

/** Space between tiles and between rows, in CSS pixels. */
export const GAP = 4;

/** Row height that suits the screen: smaller on phones so two or three photos share a row. */
export function targetRowHeight(viewportWidth: number): number {
  if (viewportWidth < 480) return 120;
  if (viewportWidth < 900) return 170;
  return 230;
}

/** Rows [first, last) that intersect [top - overscan, top + height + overscan]; rows are sorted by top. */
export function visibleRows(rows: readonly { top: number; height: number }[], top: number, height: number, overscan: number): [number, number] {
  const lo = top - overscan;
  const hi = top + height + overscan;
  let a = 0;
  let b = rows.length;
  while (a < b) {
    const m = (a + b) >> 1;
    if (rows[m].top + rows[m].height < lo) a = m + 1;
    else b = m;
  }
  let end = a;
  while (end < rows.length && rows[end].top <= hi) end++;
  return [a, end];
}
