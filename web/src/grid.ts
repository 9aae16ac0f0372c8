import { h, fileName } from './dom';
import { formatDate, formatDuration } from './format';
import { GAP, justify, targetRowHeight, visibleRows } from './layout';
import { groupByMonth, guessNote, photoDate } from './months';
import { fallbackSrc, rememberLoaded, srcset } from './renditions';
import { base64ToBytes, placeholderUrl, thumbHashAverageColor } from './thumbhash';
import type { Photo, PhotoPage } from './types';

const HEADER_HEIGHT = 64;

interface Block {
  top: number;
  height: number;
  header?: string;
  tiles?: { photo: number; left: number; width: number }[];
}

export interface GridOptions {
  /** Loads a page of photos; null cursor is the first page. */
  load: (cursor: string | null) => Promise<PhotoPage>;
  /** Month headings (timeline) or one flat run (album). */
  byMonth: boolean;
  /** Where a tile links to (the viewer route for that photo). */
  href: (photo: Photo) => string;
  onOpen: (index: number) => void;
  /** An image failed (often an expired cookie): the app renews the session; we retry once. */
  onImageError: () => Promise<void>;
  onState: (state: 'loading' | 'ready' | 'empty' | 'error', error?: unknown) => void;
}

/**
 * The photo grid: justified rows, rendered in a window around the viewport, so a 2,000-photo album
 * keeps a few dozen <img> in the page. Pages of photos are fetched as the window nears the end.
 */
export class PhotoGrid {
  readonly el = h('div.grid');
  photos: Photo[] = [];
  private next: string | null = null;
  private done = false;
  private loading: Promise<void> | null = null;
  private blocks: Block[] = [];
  private rendered = new Map<number, HTMLElement>();
  private width = 0;
  private frame = 0;
  private readonly resizeObserver: ResizeObserver;
  private readonly onScroll = () => this.schedule();
  private listeners: Array<() => void> = [];

  constructor(private readonly opts: GridOptions) {
    this.resizeObserver = new ResizeObserver(() => {
      const w = Math.floor(this.el.clientWidth);
      if (w !== this.width) {
        this.width = w;
        this.relayout();
      }
    });
  }

  start(): void {
    this.resizeObserver.observe(this.el);
    window.addEventListener('scroll', this.onScroll, { passive: true });
    window.addEventListener('resize', this.onScroll, { passive: true });
    this.width = Math.floor(this.el.clientWidth);
    this.opts.onState('loading');
    this.more().then(
      () => this.opts.onState(this.photos.length ? 'ready' : 'empty'),
      (err) => this.opts.onState('error', err),
    );
  }

  destroy(): void {
    this.resizeObserver.disconnect();
    window.removeEventListener('scroll', this.onScroll);
    window.removeEventListener('resize', this.onScroll);
    cancelAnimationFrame(this.frame);
    this.listeners = [];
  }

  /** Called whenever new photos arrive (the viewer follows along to page past the end). */
  onPhotos(fn: () => void): void {
    this.listeners.push(fn);
  }

  get hasMore(): boolean {
    return !this.done;
  }

  /** Fetch the next page (coalesced). */
  more(): Promise<void> {
    if (this.done) return Promise.resolve();
    if (!this.loading) {
      this.loading = this.opts
        .load(this.next)
        .then((page) => {
          this.photos.push(...(page.photos ?? []));
          this.next = page.next ?? null;
          this.done = !this.next;
          this.relayout();
          this.listeners.forEach((fn) => fn());
        })
        .finally(() => {
          this.loading = null;
        });
    }
    return this.loading;
  }

  /**
   * Reads the photos again from the first page (as many pages as were shown) and lays them out once they
   * are all in: photos added meanwhile (a browser upload) take their place without a blank grid.
   */
  async reload(): Promise<void> {
    await this.loading;
    const photos: Photo[] = [];
    let cursor: string | null = null;
    do {
      const page: PhotoPage = await this.opts.load(cursor);
      photos.push(...(page.photos ?? []));
      cursor = page.next ?? null;
    } while (cursor && photos.length < this.photos.length);
    this.photos = photos;
    this.next = cursor;
    this.done = !cursor;
    this.relayout();
    this.listeners.forEach((fn) => fn());
  }

  /** Scroll a photo's tile into view and focus it (back from the viewer). */
  focusPhoto(index: number): void {
    const block = this.blocks.findIndex((b) => b.tiles?.some((t) => t.photo === index));
    if (block < 0) return;
    const b = this.blocks[block];
    const top = this.el.getBoundingClientRect().top + window.scrollY + b.top;
    if (top < window.scrollY + 60 || top + b.height > window.scrollY + window.innerHeight) {
      window.scrollTo({ top: top - window.innerHeight / 3 });
    }
    this.update();
    (this.el.querySelector(`[data-index="${index}"]`) as HTMLElement | null)?.focus({ preventScroll: true });
  }

  private relayout(): void {
    if (!this.width) return;
    const target = targetRowHeight(window.innerWidth);
    const groups = this.opts.byMonth
      ? groupByMonth(this.photos).map((g) => ({ label: g.label, photos: g.photos }))
      : [{ label: '', photos: this.photos }];
    const blocks: Block[] = [];
    let top = 0;
    let offset = 0;
    for (const g of groups) {
      if (g.label) {
        blocks.push({ top, height: HEADER_HEIGHT, header: g.label });
        top += HEADER_HEIGHT;
      }
      const layout = justify(
        g.photos.map((p) => (p.width && p.height ? p.width / p.height : 1)),
        { width: this.width, targetHeight: target, gap: GAP },
        top,
      );
      for (const row of layout.rows) {
        blocks.push({ top: row.top, height: row.height, tiles: row.tiles.map((t) => ({ photo: offset + t.index, left: t.left, width: t.width })) });
      }
      top += layout.height + GAP;
      offset += g.photos.length;
    }
    this.blocks = blocks;
    this.el.style.height = `${Math.max(0, top - GAP)}px`;
    for (const el of this.rendered.values()) el.remove();
    this.rendered.clear();
    this.update();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.update();
    });
  }

  private update(): void {
    const rect = this.el.getBoundingClientRect();
    const viewport = window.innerHeight;
    const [first, last] = visibleRows(this.blocks, -rect.top, viewport, viewport);
    for (const [i, el] of this.rendered) {
      if (i < first || i >= last) {
        // Keep a focused tile in the page so keyboard focus is never lost to windowing.
        if (el.contains(document.activeElement)) continue;
        el.remove();
        this.rendered.delete(i);
      }
    }
    for (let i = first; i < last; i++) {
      if (this.rendered.has(i)) continue;
      const el = this.renderBlock(this.blocks[i]);
      el.dataset.block = String(i);
      // Insert in order so tab order follows the page.
      let before: HTMLElement | null = null;
      for (const [j, other] of this.rendered) if (j > i && (!before || j < Number(before.dataset.block))) before = other;
      this.el.insertBefore(el, before);
      this.rendered.set(i, el);
    }
    // Near the end of what is loaded: fetch the next page.
    if (!this.done && !this.loading && last >= this.blocks.length - 3) {
      this.more().catch((err) => this.opts.onState('error', err));
    }
  }

  private renderBlock(b: Block): HTMLElement {
    if (b.header) {
      return h('h2.month', { style: `top:${b.top}px;height:${b.height}px` }, b.header);
    }
    const row = h('div.row', { style: `top:${b.top}px;height:${b.height}px` });
    for (const t of b.tiles!) row.appendChild(this.renderTile(this.photos[t.photo], t.photo, t.left, t.width, b.height));
    return row;
  }

  private renderTile(photo: Photo, index: number, left: number, width: number, height: number): HTMLElement {
    const when = photoDate(photo);
    const date = formatDate(when.at);
    const isVideo = photo.kind === 'video';
    const duration = isVideo ? formatDuration(photo.duration) : '';
    const label = [fileName(photo.key), date && when.guess ? `${date} (${guessNote(when.guess)})` : date,
      duration && `video ${duration}`, photo.motion && 'Live Photo'].filter(Boolean).join(', ');
    const tile = h('a.tile', {
      href: this.opts.href(photo),
      'data-index': index,
      'data-kind': isVideo ? 'video' : null,
      'aria-label': `Open ${isVideo ? 'video' : 'photo'} ${label}`,
      style: `left:${left}px;width:${width}px;height:${height}px;${placeholderStyle(photo)}`,
    });
    tile.addEventListener('click', (ev) => {
      if (ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.button !== 0) return;
      ev.preventDefault();
      this.opts.onOpen(index);
    });
    if (photo.renditions?.length) {
      const img = h('img', {
        alt: label,
        loading: 'lazy',
        decoding: 'async',
        draggable: 'false',
        width: Math.round(width),
        height: Math.round(height),
        sizes: `${Math.ceil(width)}px`,
        srcset: srcset(photo),
        src: fallbackSrc(photo, width),
      });
      img.addEventListener('load', () => {
        img.classList.add('loaded');
        // The viewer opens on this copy at once while it fetches a sharper one.
        rememberLoaded(photo.key, img.currentSrc, img.naturalWidth);
      });
      let retried = false;
      img.addEventListener('error', () => {
        if (retried) return;
        retried = true;
        this.opts.onImageError().then(() => {
          const s = img.srcset;
          img.srcset = '';
          img.srcset = s;
        });
      });
      tile.appendChild(img);
    } else {
      tile.appendChild(h('span.pending', {}, photo.status === 'failed' ? 'Could not be processed' : 'Processing…'));
    }
    if (isVideo) tile.appendChild(h('span.duration', { 'aria-hidden': 'true' }, duration || 'Video'));
    else if (photo.motion) tile.appendChild(h('span.live', { 'aria-hidden': 'true' }, 'LIVE'));
    return tile;
  }
}

/** The ThumbHash painted as the tile's background: the average colour at once, the decoded image right after. */
export function placeholderStyle(photo: Photo): string {
  if (!photo.placeholder) return '';
  try {
    const color = thumbHashAverageColor(base64ToBytes(photo.placeholder));
    const url = placeholderUrl(photo.placeholder);
    return `background-color:${color};${url ? `background-image:url(${url});` : ''}`;
  } catch {
    return '';
  }
}
