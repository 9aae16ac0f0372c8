/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GAP, justify, targetRowHeight } from '../src/layout';
import { chooseRendition, HIGH_DPR_UNDERSHOOT, PRESET_SLACK, useResizeSizes } from '../src/renditions';
import type { Photo } from '../src/types';

/**
 * viewer-cases.json is the one table of what the web asks for on a screen; bench's ScreensTest reads the
 * same file, so the load bench's viewers and this UI cannot drift apart without one suite failing.
 */
const cases = JSON.parse(readFileSync(fileURLToPath(new URL('./viewer-cases.json', import.meta.url)), 'utf8'));

describe('the shared viewer cases', () => {
  it('name the constants the web uses', () => {
    expect(cases.constants).toEqual({ GAP, PRESET_SLACK, HIGH_DPR_UNDERSHOOT });
  });

  it('give each viewport its row height', () => {
    for (const c of cases.rowHeights) expect(targetRowHeight(c.viewportWidth), String(c.viewportWidth)).toBe(c.rowHeight);
  });

  it('give each photo and screen the image the viewer opens (no resizer sizes known)', () => {
    useResizeSizes([]);
    for (const c of cases.choices) {
      const photo: Photo = cases.photos[c.photo];
      const got = chooseRendition(photo, c.box.width, c.box.height, c.box.dpr);
      expect(got && { url: got.url, kind: got.kind }, `${c.photo} on ${JSON.stringify(c.box)}`).toEqual(c.expect);
    }
  });

  it('give each album and screen width its justified rows', () => {
    for (const c of cases.layouts) {
      const rows = justify(c.aspects, { width: c.width, targetHeight: c.targetHeight, gap: c.gap }).rows;
      const got = rows.map((r) => ({ top: r.top, height: r.height, widths: r.tiles.map((t) => Math.round(t.width * 1000) / 1000) }));
      expect(got, `${c.aspects} at ${c.width}`).toEqual(c.expect);
    }
  });
});
