import { describe, expect, it } from 'vitest';
import { justify, visibleRows } from '../src/layout';

const opts = { width: 1000, targetHeight: 200, gap: 4 };

describe('justify', () => {
  it('fills every row but the last to the exact width', () => {
    const aspects = [1.5, 0.75, 1, 1.33, 1.5, 2, 0.66, 1.5, 1.5, 1, 1.78, 1.33, 0.8];
    const { rows } = justify(aspects, opts);
    expect(rows.length).toBeGreaterThan(2);
    for (const row of rows.slice(0, -1)) {
      const last = row.tiles[row.tiles.length - 1];
      expect(last.left + last.width).toBe(1000);
      // Neighbours are one gap apart.
      row.tiles.slice(1).forEach((t, i) => expect(t.left).toBe(row.tiles[i].left + row.tiles[i].width + 4));
    }
  });

  it('keeps every photo, in order, exactly once', () => {
    const aspects = Array.from({ length: 97 }, (_, i) => [1.5, 0.67, 1, 1.78][i % 4]);
    const { rows } = justify(aspects, opts);
    expect(rows.flatMap((r) => r.tiles.map((t) => t.index))).toEqual(aspects.map((_, i) => i));
  });

  it('keeps aspect ratios (tiles differ from width × height only by rounding)', () => {
    const aspects = [1.5, 0.75, 1, 1.33, 1.5, 2, 0.66, 1.5];
    const { rows } = justify(aspects, opts);
    for (const row of rows.slice(0, -1)) {
      for (const t of row.tiles) expect(Math.abs(t.width / row.height - aspects[t.index])).toBeLessThan(0.05);
    }
  });

  it('stacks rows with a gap and reports the total height', () => {
    const layout = justify(Array(20).fill(1.5), opts);
    layout.rows.slice(1).forEach((r, i) => expect(r.top).toBe(layout.rows[i].top + layout.rows[i].height + 4));
    const last = layout.rows[layout.rows.length - 1];
    expect(layout.height).toBe(last.top + last.height);
  });

  it('keeps rows near the target height', () => {
    const { rows } = justify(Array.from({ length: 60 }, (_, i) => [1.5, 0.67, 1.33][i % 3]), opts);
    for (const r of rows) expect(r.height).toBeGreaterThan(120), expect(r.height).toBeLessThan(300);
  });

  it('does not blow a lone last photo up to the full width', () => {
    const { rows } = justify([1.5, 1.5, 1.5, 1.5, 1.5, 1], opts);
    const last = rows[rows.length - 1];
    expect(last.height).toBeLessThanOrEqual(200);
    expect(last.tiles[last.tiles.length - 1].left + last.tiles[last.tiles.length - 1].width).toBeLessThan(1000);
  });

  it('crops a panorama instead of making its row a sliver', () => {
    const { rows } = justify([12, 1.5, 1.5], opts);
    expect(rows[0].height).toBeGreaterThan(100);
  });

  it('treats a missing or zero aspect as square', () => {
    const { rows } = justify([NaN, 0, 1], { ...opts, width: 308, targetHeight: 100 });
    expect(rows).toHaveLength(1);
    expect(rows[0].tiles.map((t) => t.width)).toEqual([100, 100, 100]);
  });

  it('lays out nothing for no photos', () => {
    expect(justify([], opts)).toEqual({ rows: [], height: 0 });
  });
});

describe('visibleRows', () => {
  const rows = Array.from({ length: 1000 }, (_, i) => ({ top: i * 204, height: 200 }));

  it('returns only the rows on screen plus the overscan', () => {
    expect(visibleRows(rows, 20400, 800, 0)).toEqual([100, 104]);
    expect(visibleRows(rows, 20400, 800, 408)).toEqual([98, 106]);
  });

  it('clamps at both ends', () => {
    expect(visibleRows(rows, 0, 800, 1000)).toEqual([0, 9]);
    expect(visibleRows(rows, 204 * 1000, 800, 0)).toEqual([1000, 1000]);
    expect(visibleRows([], 0, 800, 0)).toEqual([0, 0]);
  });
});
