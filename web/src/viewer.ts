import { append, fileName, h } from './dom';
import { formatDateTime, formatDay, formatDuration, formatUploader } from './format';
import { bestLoaded, chooseRendition, rememberLoaded, type Choice } from './renditions';
import { placeholderStyle } from './grid';
import { guessNote, photoDate } from './months';
import type { Photo } from './types';

export interface ViewerSource {
  photos: () => Photo[];
  hasMore: () => boolean;
  more: () => Promise<void>;
}

export interface ViewerOptions {
  onIndex: (index: number) => void;
  onClose: (index: number) => void;
  onImageError: () => Promise<void>;
}

const MAX_ZOOM = 6;
const SWIPE_PX = 60;

/**
 * Full-screen viewer: the rendition for viewport × devicePixelRatio (an odd size goes to the resizer),
 * ← → Esc, swipe, pinch/wheel/double-click zoom with pan, neighbours preloaded, info panel, download.
 */
export class Viewer {
  readonly el: HTMLElement;
  private readonly stage: HTMLElement;
  private readonly frame: HTMLElement;
  private readonly img: HTMLImageElement;
  private readonly info: HTMLElement;
  private readonly counter: HTMLElement;
  private readonly title: HTMLElement;
  private readonly download: HTMLAnchorElement;
  private readonly prevButton: HTMLButtonElement;
  private readonly nextButton: HTMLButtonElement;
  private readonly infoButton: HTMLButtonElement;
  /** The current item's player when it is a video: over the poster, native controls, never autoplaying. */
  private video: HTMLVideoElement | null = null;
  /** The current photo's Live Photo motion: muted, over the still, played while pressed or hovered. */
  private motion: HTMLVideoElement | null = null;
  private readonly liveButton: HTMLButtonElement;
  private holdTimer = 0;
  private index = 0;
  private zoom = 1;
  private panX = 0;
  private panY = 0;
  private swipeX = 0;
  private box = { width: 0, height: 0 };
  private current: Choice | null = null;
  private pointers = new Map<number, { x: number; y: number }>();
  private gesture: { startDist: number; startZoom: number; startX: number; startY: number; startPanX: number; startPanY: number; moved: boolean } | null = null;
  private lastTap = 0;
  private readonly preloaded = new Set<string>();
  private neighboursDue = false;
  private readonly restoreFocus: Element | null;
  private readonly keyHandler = (ev: KeyboardEvent) => this.onKey(ev);
  private readonly resizeHandler = () => this.show(false);

  constructor(private readonly source: ViewerSource, start: number, private readonly opts: ViewerOptions) {
    this.restoreFocus = document.activeElement;
    this.index = start;
    this.img = h('img.viewer-img', { alt: '', draggable: 'false' });
    this.frame = h('div.viewer-frame', {}, this.img);
    this.stage = h('div.viewer-stage', {}, this.frame);
    this.title = h('h2.viewer-title', { id: 'viewer-title' });
    this.counter = h('span.viewer-counter', { 'aria-live': 'polite' });
    this.download = h('a.icon-button', { 'aria-label': 'Download original', title: 'Download original', download: '' }, icon('download'));
    this.infoButton = h('button.icon-button', { type: 'button', 'aria-label': 'Photo details', title: 'Details (i)', 'aria-expanded': 'false', 'aria-controls': 'viewer-info', onclick: () => this.toggleInfo() }, icon('info'));
    this.prevButton = h('button.viewer-nav.prev', { type: 'button', 'aria-label': 'Previous photo', title: 'Previous (←)', onclick: () => this.go(-1) }, icon('prev'));
    this.nextButton = h('button.viewer-nav.next', { type: 'button', 'aria-label': 'Next photo', title: 'Next (→)', onclick: () => this.go(1) }, icon('next'));
    this.info = h('aside.viewer-info', { id: 'viewer-info', 'aria-label': 'Photo details', hidden: true });
    const close = h('button.icon-button', { type: 'button', 'aria-label': 'Close viewer', title: 'Close (Esc)', onclick: () => this.close() }, icon('close'));
    // Live Photos play while the button is pressed (or on a click or key, once through); a mouse over the photo plays it too.
    this.liveButton = h('button.live-button', { type: 'button', 'aria-label': 'Play Live Photo', title: 'Live Photo: press, or hover the photo', 'aria-pressed': 'false' }, 'LIVE');
    this.liveButton.addEventListener('pointerdown', (e) => {
      e.stopPropagation();
      this.playMotion();
    });
    this.liveButton.addEventListener('pointerup', () => this.stopMotion());
    this.liveButton.addEventListener('pointerleave', () => this.stopMotion());
    this.liveButton.addEventListener('click', (e) => {
      if (e.detail === 0) this.playMotion(); // a keyboard press: play once through
    });
    this.frame.addEventListener('pointerenter', (e) => {
      if (e.pointerType === 'mouse') this.playMotion();
    });
    this.frame.addEventListener('pointerleave', (e) => {
      if (e.pointerType === 'mouse') this.stopMotion();
    });
    this.el = h(
      'div.viewer',
      { role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'viewer-title', tabindex: '-1' },
      this.stage,
      h('div.viewer-bar', {}, close, h('div.viewer-heading', {}, this.title, this.counter), this.infoButton, this.download),
      this.prevButton,
      this.nextButton,
      this.liveButton,
      this.info,
    );
    this.stage.addEventListener('pointerdown', (e) => this.onPointerDown(e));
    this.stage.addEventListener('pointermove', (e) => this.onPointerMove(e));
    this.stage.addEventListener('pointerup', (e) => this.onPointerUp(e));
    this.stage.addEventListener('pointercancel', (e) => this.onPointerUp(e));
    this.stage.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    this.img.addEventListener('error', () => this.onImgError());
  }

  open(): void {
    document.body.appendChild(this.el);
    document.body.classList.add('viewer-open');
    document.addEventListener('keydown', this.keyHandler);
    window.addEventListener('resize', this.resizeHandler);
    this.show(true);
    // Focus the dialog itself: screen readers announce it, and the keys work at once.
    this.el.focus();
  }

  /** Show another photo of the same list (the route changed underneath us). */
  showIndex(index: number): void {
    if (index === this.index) return;
    this.index = index;
    this.show(true);
  }

  get currentIndex(): number {
    return this.index;
  }

  /** Closed by the viewer (Escape, the close button): taken down, then the page is told and gets its focus back. */
  close(): void {
    this.destroy();
    this.opts.onClose(this.index);
    if (this.restoreFocus instanceof HTMLElement && this.restoreFocus.isConnected) this.restoreFocus.focus();
  }

  /** Taken down without telling the page (it is going away itself). */
  destroy(): void {
    this.dropVideo();
    this.dropMotion();
    document.removeEventListener('keydown', this.keyHandler);
    window.removeEventListener('resize', this.resizeHandler);
    document.body.classList.remove('viewer-open');
    this.el.remove();
  }

  private photo(): Photo | undefined {
    return this.source.photos()[this.index];
  }

  private async go(delta: number): Promise<void> {
    const photos = this.source.photos();
    let next = this.index + delta;
    if (next >= photos.length && this.source.hasMore()) {
      await this.source.more();
    }
    next = Math.max(0, Math.min(this.source.photos().length - 1, next));
    if (next === this.index) return;
    this.index = next;
    this.show(true);
    this.opts.onIndex(this.index);
  }

  /** Lay out and load the current photo; reset zoom when it is a new photo. */
  private show(newPhoto: boolean): void {
    const photo = this.photo();
    if (!photo) return;
    if (newPhoto) {
      this.zoom = 1;
      this.panX = this.panY = 0;
      this.current = null;
    }
    const vw = this.stage.clientWidth || window.innerWidth;
    const vh = this.stage.clientHeight || window.innerHeight;
    const scale = Math.min(vw / photo.width, vh / photo.height);
    this.box = { width: Math.round(photo.width * scale), height: Math.round(photo.height * scale) };
    this.frame.style.width = `${this.box.width}px`;
    this.frame.style.height = `${this.box.height}px`;
    this.frame.style.cssText = `width:${this.box.width}px;height:${this.box.height}px;${placeholderStyle(photo)}`;
    this.applyTransform();
    this.loadFor(photo, vw, vh);
    if (newPhoto) {
      this.showVideo(photo);
      this.showMotion(photo);
    }

    const when = photoDate(photo);
    const date = formatDateTime(when.at);
    const name = fileName(photo.key);
    // A guessed date reads "about …" and says why, so nobody takes an upload day for the day it was taken.
    this.title.textContent = when.at ? `${when.guess ? 'About ' : ''}${formatDay(when.at)}` : name;
    this.title.title = guessNote(when.guess);
    this.img.alt = [name, date].filter(Boolean).join(', ');
    const total = this.source.photos().length;
    this.counter.textContent = `${this.index + 1} of ${total}${this.source.hasMore() ? '+' : ''}`;
    this.prevButton.disabled = this.index === 0;
    this.nextButton.disabled = this.index >= total - 1 && !this.source.hasMore();
    if (photo.original) {
      this.download.href = photo.original;
      this.download.setAttribute('download', name);
      this.download.hidden = false;
    } else {
      this.download.hidden = true;
    }
    this.renderInfo(photo);
    // Neighbours load once this photo is sharp: before, they compete with it for the connection.
    if (newPhoto) this.neighboursDue = true;
  }

  private loadFor(photo: Photo, vw: number, vh: number): void {
    const choice = chooseRendition(photo, vw, vh, window.devicePixelRatio || 1, this.zoom);
    if (!choice) {
      this.img.removeAttribute('src');
      return;
    }
    // Only ever upgrade while zooming: never swap a sharp image for a softer one mid-gesture.
    if (this.current && this.current.width >= choice.width && this.img.dataset.key === photo.key) return;
    this.current = choice;
    const fresh = this.img.dataset.key !== photo.key;
    this.img.dataset.key = photo.key;
    this.img.dataset.kind = choice.kind;
    this.img.dataset.width = String(choice.width);
    if (fresh) {
      this.img.classList.remove('loaded');
      delete this.img.dataset.sharp;
    }
    const url = choice.url;
    // The best copy already in the browser (the grid tile's, a preloaded or earlier one) goes up at once;
    // the chosen one replaces it when decoded, unless the copy at hand is already as sharp.
    const have = fresh ? bestLoaded(photo.key) : undefined;
    if (fresh) {
      this.img.onload = () => this.img.classList.add('loaded');
      if (have && have.width >= choice.width) {
        this.img.src = have.url;
        this.sharp(photo.key);
        return;
      }
      if (!have) {
        this.img.onload = () => {
          this.img.classList.add('loaded');
          if (this.img.dataset.key === photo.key && this.current?.url === url) this.sharp(photo.key, url, choice.width);
        };
        this.img.src = url;
        return;
      }
      this.img.src = have.url;
    }
    // Upgrade in the background, swap when decoded, so the picture never blanks.
    const next = new Image();
    next.fetchPriority = 'high';
    next.src = url;
    next.decode().then(
      () => {
        if (this.img.dataset.key !== photo.key || this.current?.url !== url) return;
        this.img.src = url;
        this.sharp(photo.key, url, choice.width);
      },
      () => {
        // Most likely the cookies lapsed: load it in the visible image, whose error handler renews and retries.
        if (this.img.dataset.key === photo.key && this.current?.url === url) this.img.src = url;
      },
    );
  }

  /** The photo is on screen at the size chosen for it (the browser tests time click → this mark). */
  private sharp(key: string, url?: string, width?: number): void {
    if (url && width) rememberLoaded(key, url, width);
    this.img.dataset.sharp = 'true';
    performance.mark('gallery:viewer-sharp', { detail: key });
    if (this.neighboursDue) {
      this.neighboursDue = false;
      this.preloadNeighbours(this.stage.clientWidth || window.innerWidth, this.stage.clientHeight || window.innerHeight);
    }
  }

  /**
   * A video plays in the frame over its poster (the poster rendition shows at once, as a photo's
   * does): native controls, no autoplay, muted until the user turns the sound on, inline on phones.
   * The browser fetches the copy with range requests as it plays and seeks.
   */
  private showVideo(photo: Photo): void {
    this.dropVideo();
    this.el.classList.toggle('is-video', photo.kind === 'video');
    if (photo.kind !== 'video' || !photo.video) return;
    const video = h('video.viewer-video', {
      controls: true,
      preload: 'metadata',
      playsinline: true,
      'aria-label': `Video ${fileName(photo.key)}${photo.duration ? `, ${formatDuration(photo.duration)}` : ''}`,
      poster: this.current?.url,
    });
    video.muted = true;
    video.src = photo.video;
    video.addEventListener('error', () => this.onVideoError(video));
    this.video = video;
    this.frame.appendChild(video);
  }

  private dropVideo(): void {
    if (!this.video) return;
    this.video.pause();
    this.video.removeAttribute('src');
    this.video.load(); // releases the connection and the buffered media
    this.video.remove();
    this.video = null;
  }

  /**
   * A Live Photo's motion: a muted, inline, controls-free player over the still, loaded up front (a
   * couple of seconds, a few hundred KB) so a press plays at once; the still shows again when it ends.
   */
  private showMotion(photo: Photo): void {
    this.dropMotion();
    const live = photo.kind !== 'video' && !!photo.motion;
    this.el.classList.toggle('is-live', live);
    if (!live) return;
    const motion = h('video.viewer-motion', { muted: true, playsinline: true, preload: 'auto', 'aria-hidden': 'true', disablepictureinpicture: true });
    motion.muted = true;
    motion.src = photo.motion!;
    motion.addEventListener('ended', () => this.stopMotion());
    this.motion = motion;
    this.frame.appendChild(motion);
  }

  private playMotion(): void {
    const m = this.motion;
    if (!m || this.zoom > 1) return;
    m.currentTime = 0;
    m.classList.add('playing');
    this.liveButton.setAttribute('aria-pressed', 'true');
    m.play().catch(() => this.stopMotion());
  }

  private stopMotion(): void {
    window.clearTimeout(this.holdTimer);
    const m = this.motion;
    if (!m) return;
    m.pause();
    m.classList.remove('playing');
    this.liveButton.setAttribute('aria-pressed', 'false');
  }

  private dropMotion(): void {
    this.stopMotion();
    if (!this.motion) return;
    this.motion.removeAttribute('src');
    this.motion.load();
    this.motion.remove();
    this.motion = null;
  }

  private videoRetried = false;

  private onVideoError(video: HTMLVideoElement): void {
    if (this.videoRetried || video !== this.video) return;
    this.videoRetried = true;
    const src = video.src;
    // As for pictures: most likely the signed cookies lapsed; renew, then retry once.
    this.opts.onImageError().then(() => {
      if (video === this.video) video.src = src;
    });
  }

  private preloadNeighbours(vw: number, vh: number): void {
    const photos = this.source.photos();
    for (const i of [this.index + 1, this.index - 1, this.index + 2]) {
      const p = photos[i];
      if (!p) continue;
      const c = chooseRendition(p, vw, vh, window.devicePixelRatio || 1);
      if (!c || this.preloaded.has(c.url)) continue;
      this.preloaded.add(c.url);
      const img = new Image();
      img.decoding = 'async';
      img.onload = () => rememberLoaded(p.key, c.url, c.width);
      img.src = c.url;
    }
    if (this.index >= photos.length - 3 && this.source.hasMore()) this.source.more().catch(() => undefined);
  }

  private retried = new Set<string>();

  private onImgError(): void {
    const src = this.img.src;
    if (!src || this.retried.has(src)) return;
    this.retried.add(src);
    // Most likely the signed cookies lapsed (a laptop slept through the renewal): renew, then retry.
    this.opts.onImageError().then(() => {
      this.img.src = src;
    });
  }

  private renderInfo(photo: Photo): void {
    const date = photoDate(photo);
    const rows: [string, string][] = [
      ['Taken', photo.takenAt ? formatDateTime(photo.takenAt) : date.guess ? `${formatDateTime(date.at)} (${guessNote(date.guess)})` : 'Unknown'],
      ['Camera', photo.camera || 'Unknown'],
      photo.kind === 'video'
        ? ['Video', `${formatDuration(photo.duration) || 'Unknown length'}, ${photo.width.toLocaleString()} × ${photo.height.toLocaleString()}`]
        : ['Size', `${photo.width.toLocaleString()} × ${photo.height.toLocaleString()} px (${((photo.width * photo.height) / 1e6).toFixed(1)} MP)`],
      ['Album', photo.album],
      ['File', fileName(photo.key)],
      ['Added by', formatUploader(photo.uploader)],
    ];
    this.info.replaceChildren();
    append(
      this.info,
      h('h3', {}, 'Details'),
      h('dl', {}, ...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
      photo.original ? h('a.button', { href: photo.original, download: fileName(photo.key) }, 'Download original') : null,
    );
  }

  private toggleInfo(): void {
    const open = this.info.hidden;
    this.info.hidden = !open;
    this.infoButton.setAttribute('aria-expanded', String(open));
    this.el.classList.toggle('with-info', open);
    this.show(false);
  }

  private onKey(ev: KeyboardEvent): void {
    if (ev.defaultPrevented || ev.altKey || ev.metaKey || ev.ctrlKey) return;
    switch (ev.key) {
      case 'ArrowLeft':
        ev.preventDefault();
        this.go(-1);
        break;
      case 'ArrowRight':
        ev.preventDefault();
        this.go(1);
        break;
      case 'Escape':
        ev.preventDefault();
        if (this.zoom > 1) this.setZoom(1, 0, 0);
        else this.close();
        break;
      case 'i':
        this.toggleInfo();
        break;
      case '+':
      case '=':
        this.setZoom(this.zoom * 1.5, 0, 0);
        break;
      case '-':
        this.setZoom(this.zoom / 1.5, 0, 0);
        break;
      case '0':
        this.setZoom(1, 0, 0);
        break;
      case 'Tab':
        this.trapFocus(ev);
        break;
    }
  }

  private trapFocus(ev: KeyboardEvent): void {
    const focusable = Array.from(this.el.querySelectorAll<HTMLElement>('button:not([disabled]), a[href]')).filter((e) => !e.closest('[hidden]'));
    if (!focusable.length) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (ev.shiftKey && (document.activeElement === first || document.activeElement === this.el)) {
      ev.preventDefault();
      last.focus();
    } else if (!ev.shiftKey && document.activeElement === last) {
      ev.preventDefault();
      first.focus();
    }
  }

  /** Zoom about a point given relative to the stage centre, keeping that point under the finger. */
  private setZoom(z: number, cx: number, cy: number): void {
    if (this.video) return; // a video is not zoomed: the player's own full screen does that
    const zoom = Math.min(MAX_ZOOM, Math.max(1, z));
    const k = zoom / this.zoom;
    this.panX = cx - (cx - this.panX) * k;
    this.panY = cy - (cy - this.panY) * k;
    this.zoom = zoom;
    if (zoom === 1) this.panX = this.panY = 0;
    this.clampPan();
    this.applyTransform();
    if (zoom > 1) {
      const p = this.photo();
      if (p) this.loadFor(p, this.stage.clientWidth, this.stage.clientHeight);
    }
  }

  private clampPan(): void {
    const maxX = Math.max(0, (this.box.width * this.zoom - this.stage.clientWidth) / 2);
    const maxY = Math.max(0, (this.box.height * this.zoom - this.stage.clientHeight) / 2);
    this.panX = Math.max(-maxX, Math.min(maxX, this.panX));
    this.panY = Math.max(-maxY, Math.min(maxY, this.panY));
  }

  private applyTransform(): void {
    this.frame.style.transform = `translate(${this.panX + this.swipeX}px, ${this.panY}px) scale(${this.zoom})`;
    this.el.classList.toggle('zoomed', this.zoom > 1);
  }

  private centre(e: { clientX: number; clientY: number }): { x: number; y: number } {
    const r = this.stage.getBoundingClientRect();
    return { x: e.clientX - r.left - r.width / 2, y: e.clientY - r.top - r.height / 2 };
  }

  private onPointerDown(e: PointerEvent): void {
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    // A mouse on the player uses its controls; a finger may still swipe to the next item.
    if (e.target === this.video && e.pointerType === 'mouse') return;
    this.stage.setPointerCapture(e.pointerId);
    this.pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    this.frame.classList.add('dragging');
    this.beginGesture();
    // A finger held still on a Live Photo plays its motion, as in the Photos app; a swipe or a pinch does not.
    if (this.motion && e.pointerType !== 'mouse' && this.pointers.size === 1) {
      window.clearTimeout(this.holdTimer);
      this.holdTimer = window.setTimeout(() => {
        if (this.gesture && !this.gesture.moved && this.pointers.size === 1) this.playMotion();
      }, 250);
    }
  }

  private beginGesture(): void {
    const pts = [...this.pointers.values()];
    const [a, b] = pts;
    const mid = b ? { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 } : a;
    this.gesture = {
      startDist: b ? Math.hypot(a.x - b.x, a.y - b.y) : 0,
      startZoom: this.zoom,
      startX: mid.x,
      startY: mid.y,
      startPanX: this.panX,
      startPanY: this.panY,
      moved: false,
    };
  }

  private onPointerMove(e: PointerEvent): void {
    if (!this.pointers.has(e.pointerId) || !this.gesture) return;
    this.pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    const g = this.gesture;
    const pts = [...this.pointers.values()];
    if (pts.length >= 2) {
      const [a, b] = pts;
      const dist = Math.hypot(a.x - b.x, a.y - b.y);
      const mid = this.centre({ clientX: (a.x + b.x) / 2, clientY: (a.y + b.y) / 2 });
      g.moved = true;
      if (g.startDist > 0) this.setZoom((g.startZoom * dist) / g.startDist, mid.x, mid.y);
      return;
    }
    const dx = e.clientX - g.startX;
    const dy = e.clientY - g.startY;
    if (Math.abs(dx) + Math.abs(dy) > 6) g.moved = true;
    if (this.zoom > 1) {
      this.panX = g.startPanX + dx;
      this.panY = g.startPanY + dy;
      this.clampPan();
    } else {
      this.swipeX = dx;
    }
    this.applyTransform();
  }

  private onPointerUp(e: PointerEvent): void {
    if (!this.pointers.has(e.pointerId)) return;
    this.pointers.delete(e.pointerId);
    if (e.pointerType !== 'mouse') this.stopMotion();
    const g = this.gesture;
    if (this.pointers.size > 0) {
      this.beginGesture();
      return;
    }
    this.frame.classList.remove('dragging');
    const swipe = this.swipeX;
    this.swipeX = 0;
    this.applyTransform();
    if (!g) return;
    if (this.zoom === 1 && Math.abs(swipe) > SWIPE_PX) {
      this.go(swipe < 0 ? 1 : -1);
    } else if (!g.moved && e.type === 'pointerup') {
      const now = performance.now();
      if (now - this.lastTap < 300) {
        const c = this.centre(e);
        this.setZoom(this.zoom > 1 ? 1 : 2.5, c.x, c.y);
        this.lastTap = 0;
      } else {
        this.lastTap = now;
      }
    }
    this.gesture = null;
  }

  private onWheel(e: WheelEvent): void {
    e.preventDefault();
    const c = this.centre(e);
    this.setZoom(this.zoom * Math.exp(-e.deltaY * 0.0015), c.x, c.y);
  }
}

/** Inline icons (no icon font to load), stroked in currentColor. */
export function icon(name: 'close' | 'info' | 'download' | 'prev' | 'next' | 'signout' | 'add' | 'share'): SVGElement {
  const paths: Record<string, string> = {
    close: 'M6 6l12 12M18 6L6 18',
    info: 'M12 11v6M12 7.5v.01M12 3a9 9 0 100 18 9 9 0 000-18z',
    download: 'M12 4v11m0 0l-4.5-4.5M12 15l4.5-4.5M5 19h14',
    prev: 'M15 5l-7 7 7 7',
    next: 'M9 5l7 7-7 7',
    signout: 'M15 12H4m0 0l4-4m-4 4l4 4M14 4h5v16h-5',
    add: 'M12 5v14M5 12h14',
    share: 'M12 15V4m0 0L8 8m4-4l4 4M7 11H5v9h14v-9h-2',
  };
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', paths[name]);
  path.setAttribute('fill', 'none');
  path.setAttribute('stroke', 'currentColor');
  path.setAttribute('stroke-width', '1.8');
  path.setAttribute('stroke-linecap', 'round');
  path.setAttribute('stroke-linejoin', 'round');
  svg.appendChild(path);
  return svg;
}
