import { sha256 } from '@noble/hashes/sha2.js';
import { ApiError, type Api } from './api';
import { h } from './dom';
import { formatBytes } from './format';
import type { UploadRules } from './types';

/**
 * Browser uploads: files go straight to S3 in parts, by presigned URLs the API hands out, never through
 * the API itself. Each file's upload id and its File are kept in IndexedDB, so a reload (or a closed tab)
 * resumes where S3 says it stopped: the API lists the parts already there and only the rest are sent.
 */

/** Why a file is not sent at all, checked in the page against the API's list (ingest's own), or null. */
export function refusal(rules: UploadRules, name: string, size: number): string | null {
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  const type = rules.types[ext];
  if (name.startsWith('.') || !type) {
    const names = Object.keys(rules.types).map((e) => e.toUpperCase());
    return `Not a photo or video the gallery takes (${names.join(', ')})`;
  }
  const max = type.video ? rules.maxVideoBytes : rules.maxImageBytes;
  if (size > max) return `Too large: ${formatBytes(size)}; ${type.video ? 'videos' : 'photos'} may be up to ${formatBytes(max)}`;
  if (size === 0) return 'The file is empty';
  return null;
}

/** The byte range of part {@code n} (1-based). */
export function partRange(n: number, partSize: number, size: number): [number, number] {
  const start = (n - 1) * partSize;
  return [start, Math.min(size, start + partSize)];
}

/** The same file picked again (or kept across a reload) in the same album: one upload. */
export function fingerprint(album: string, f: { name: string; size: number; lastModified: number }): string {
  return `${album}\u0000${f.name}\u0000${f.size}\u0000${f.lastModified}`;
}

/** Up to this size the browser's native digest hashes the file in one buffer; larger files go in slices. */
export const WHOLE_FILE_DIGEST_BYTES = 256 * 1024 * 1024;

/**
 * SHA-256 of a file, hex. The browser's own digest (native, many times faster) up to
 * {@link WHOLE_FILE_DIGEST_BYTES}, since it takes one buffer; above that @noble/hashes in 4 MiB slices, so a
 * 4 GB video is never in memory at once.
 */
export async function hashFile(file: Blob, onProgress?: (done: number) => void, wholeFileLimit = WHOLE_FILE_DIGEST_BYTES): Promise<string> {
  if (file.size <= wholeFileLimit && globalThis.crypto?.subtle) {
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
    onProgress?.(file.size);
    return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  }
  const hash = sha256.create();
  const slice = 4 * 1024 * 1024;
  for (let at = 0; at < file.size; at += slice) {
    hash.update(new Uint8Array(await file.slice(at, at + slice).arrayBuffer()));
    onProgress?.(Math.min(file.size, at + slice));
  }
  return Array.from(hash.digest(), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** What IndexedDB keeps of a file until S3 has all of it. */
interface Stored {
  id: string;
  album: string;
  file: File;
  sha256?: string;
  uploadId?: string;
  key?: string;
  partSize?: number;
}

class Store {
  private db: Promise<IDBDatabase | null>;

  constructor() {
    this.db = new Promise((resolve) => {
      try {
        const req = indexedDB.open('gallery-uploads', 1);
        req.onupgradeneeded = () => req.result.createObjectStore('uploads', { keyPath: 'id' });
        req.onsuccess = () => resolve(req.result);
        // Private windows may refuse IndexedDB: uploads still work, only a reload does not resume them.
        req.onerror = () => resolve(null);
      } catch {
        resolve(null);
      }
    });
  }

  private async run<T>(mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest<T>): Promise<T | undefined> {
    const db = await this.db;
    if (!db) return undefined;
    return new Promise((resolve) => {
      const req = op(db.transaction('uploads', mode).objectStore('uploads'));
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => resolve(undefined);
    });
  }

  put(s: Stored): Promise<unknown> {
    return this.run('readwrite', (o) => o.put(s));
  }

  remove(id: string): Promise<unknown> {
    return this.run('readwrite', (o) => o.delete(id));
  }

  clear(): Promise<unknown> {
    return this.run('readwrite', (o) => o.clear());
  }

  async all(): Promise<Stored[]> {
    return ((await this.run('readonly', (o) => o.getAll())) as Stored[] | undefined) ?? [];
  }
}

type State = 'waiting' | 'checking' | 'uploading' | 'retrying' | 'rendering' | 'ready' | 'skipped' | 'refused' | 'failed';

/** One file in the tray. */
class Item {
  state: State = 'waiting';
  sent = 0;
  detail = '';
  key?: string;
  readonly row = h('li.upload', { 'data-state': 'waiting' });
  private readonly label = h('span.upload-state');
  private readonly bar = h('progress', { max: '1', value: '0' }) as HTMLProgressElement;

  constructor(readonly stored: Stored) {
    this.bar.setAttribute('aria-label', `${stored.file.name} progress`);
    this.row.append(h('span.upload-name', { title: `${stored.album}/${stored.file.name}` }, stored.file.name), this.bar, this.label);
    this.show();
  }

  get file(): File {
    return this.stored.file;
  }

  set(state: State, detail = ''): void {
    this.state = state;
    this.detail = detail;
    this.show();
  }

  show(): void {
    const words: Record<State, string> = {
      waiting: 'Waiting',
      checking: 'Checking…',
      uploading: `${Math.floor((100 * this.sent) / Math.max(1, this.file.size))}%`,
      retrying: 'Connection lost, retrying…',
      rendering: 'Uploaded, preparing…',
      ready: 'Added',
      skipped: 'Already in this album',
      refused: 'Not added',
      failed: 'Failed',
    };
    this.row.dataset.state = this.state;
    this.label.textContent = this.detail ? `${words[this.state]}: ${this.detail}` : words[this.state];
    this.bar.value = this.state === 'ready' || this.state === 'rendering' || this.state === 'skipped' ? 1 : this.sent / Math.max(1, this.file.size);
  }

  get finished(): boolean {
    return ['ready', 'skipped', 'refused', 'failed'].includes(this.state);
  }
}

export interface UploadEvents {
  /** A photo of {@code album} is rendered and in the index: an open album page shows it. */
  onReady(album: string, key: string): void;
}

/**
 * The upload tray: a queue of files sent {@link UploadQueue.CONCURRENT} at a time, with a bar per file and
 * one for everything, that stays in the corner while the member keeps browsing.
 */
export class UploadQueue {
  static readonly CONCURRENT = 3;
  private static readonly RENDER_POLL_MS = 2000;
  readonly el = h('section.upload-tray', { 'aria-label': 'Uploads', hidden: true });
  private readonly list = h('ul.upload-list');
  private readonly total = h('progress', { max: '1', value: '0', 'aria-label': 'All uploads' }) as HTMLProgressElement;
  private readonly summary = h('p.upload-summary', { role: 'status' });
  private readonly items: Item[] = [];
  private readonly store = new Store();
  private rules: Promise<UploadRules> | null = null;
  private running = 0;
  private polling = 0;

  constructor(private readonly api: Api, private readonly events: UploadEvents) {
    const close = h('button.button.subtle', { type: 'button', onclick: () => this.clearFinished() }, 'Clear');
    this.el.append(h('div.upload-head', {}, h('h2', {}, 'Uploads'), close), this.summary, this.total, this.list);
  }

  private loadRules(): Promise<UploadRules> {
    if (!this.rules) this.rules = this.api.uploadRules().catch((e) => ((this.rules = null), Promise.reject(e)));
    return this.rules;
  }

  /** The files the page already knew (a reload, a closed tab): their uploads continue. */
  async resume(): Promise<void> {
    for (const s of await this.store.all()) {
      if (this.items.some((i) => i.stored.id === s.id)) continue;
      this.enqueue(new Item(s));
    }
  }

  /**
   * Signing out: this browser forgets its unfinished uploads, so the next person to sign in here does not
   * carry them on under their name (S3 aborts the orphans after 7 days, the bucket's lifecycle rule).
   */
  async forget(): Promise<void> {
    this.items.splice(0).forEach((i) => i.row.remove());
    this.el.hidden = true;
    await this.store.clear();
  }

  /** Adds files to {@code album}; refused ones are listed with why and never sent. */
  async add(album: string, files: File[]): Promise<void> {
    if (!files.length) return;
    let rules: UploadRules;
    try {
      rules = await this.loadRules();
    } catch (e) {
      this.el.hidden = false;
      this.summary.textContent = `Cannot upload now: ${(e as Error).message}`;
      return;
    }
    for (const file of files) {
      const stored: Stored = { id: fingerprint(album, file), album, file };
      if (this.items.some((i) => i.stored.id === stored.id && !i.finished)) continue;
      const item = new Item(stored);
      const why = refusal(rules, file.name, file.size);
      if (why) {
        item.set('refused', why);
        this.items.push(item);
        this.list.append(item.row);
        continue;
      }
      await this.store.put(stored);
      this.enqueue(item);
    }
    this.update();
  }

  private enqueue(item: Item): void {
    this.items.push(item);
    this.list.append(item.row);
    this.el.hidden = false;
    this.pump();
  }

  private pump(): void {
    while (this.running < UploadQueue.CONCURRENT) {
      const next = this.items.find((i) => i.state === 'waiting');
      if (!next) break;
      this.running++;
      next.set('checking');
      this.send(next)
        .catch((e) => {
          const message = e instanceof ApiError ? e.message : (e as Error).message || String(e);
          next.set(e instanceof ApiError && e.status >= 400 && e.status < 500 && e.status !== 404 ? 'refused' : 'failed', message);
          if (next.state === 'refused') this.store.remove(next.stored.id);
        })
        .finally(() => {
          this.running--;
          this.update();
          this.pump();
        });
    }
    this.update();
  }

  private async send(item: Item): Promise<void> {
    const s = item.stored;
    if (!s.sha256) {
      s.sha256 = await hashFile(s.file);
      await this.store.put(s);
    }
    let done = new Set<number>();
    if (s.uploadId) {
      try {
        const status = await this.api.uploadStatus(s.uploadId);
        done = new Set(status.done.map((p) => p.part));
      } catch (e) {
        if (!(e instanceof ApiError && e.status === 404)) throw e;
        s.uploadId = undefined; // expired or completed elsewhere: start again (a completed one is then a duplicate)
      }
    }
    if (!s.uploadId) {
      const start = await this.api.startUpload(s.album, s.file.name, s.file.size, s.sha256);
      if (start.status === 'duplicate') {
        item.key = start.key;
        item.set('skipped');
        await this.store.remove(s.id);
        return;
      }
      Object.assign(s, { uploadId: start.uploadId, key: start.key, partSize: start.partSize });
      await this.store.put(s);
    }
    item.key = s.key;
    const partSize = s.partSize!;
    const parts = Math.ceil(s.file.size / partSize);
    const partBytes = (n: number) => partRange(n, partSize, s.file.size)[1] - partRange(n, partSize, s.file.size)[0];
    const finished = () => [...done].reduce((sum, n) => sum + partBytes(n), 0);
    item.sent = finished();
    item.set('uploading');
    for (let n = 1; n <= parts; n++) {
      if (done.has(n)) continue;
      await this.sendPart(item, n, (bytes) => {
        item.sent = finished() + bytes;
        item.show();
        this.update();
      });
      done.add(n);
    }
    const { key } = await this.api.completeUpload(s.uploadId!);
    item.key = key;
    item.sent = s.file.size;
    item.set('rendering');
    await this.store.remove(s.id);
    this.watch();
  }

  /** One part to its presigned URL, again after a dropped connection (with a fresh URL if it expired). */
  private async sendPart(item: Item, n: number, progress: (bytes: number) => void): Promise<void> {
    const s = item.stored;
    const [from, to] = partRange(n, s.partSize!, s.file.size);
    for (let attempt = 0; ; attempt++) {
      const url = (await this.api.partUrls(s.uploadId!, [n]))[String(n)];
      const status = await put(url, s.file.slice(from, to), progress);
      if (status >= 200 && status < 300) return;
      if (attempt >= 8 || (status >= 400 && status !== 403 && status < 500)) throw new Error(`S3 answered ${status} for part ${n}`);
      item.set('retrying');
      await wait(Math.min(30_000, 500 * 2 ** attempt));
      if (!navigator.onLine) await new Promise((r) => window.addEventListener('online', r, { once: true }));
      item.set('uploading');
    }
  }

  /** Polls the index for uploaded photos until each is rendered (or refused by the pipeline). */
  private watch(): void {
    if (this.polling) return;
    this.polling = window.setInterval(async () => {
      const waiting = this.items.filter((i) => i.state === 'rendering' && i.key);
      if (!waiting.length) {
        clearInterval(this.polling);
        this.polling = 0;
        return;
      }
      for (const item of waiting) {
        try {
          const photo = await this.api.photo(item.key!);
          if (photo.status === 'ready') {
            item.set('ready');
            this.events.onReady(item.stored.album, item.key!);
          } else if (photo.status === 'failed') item.set('failed', 'the gallery could not read it (an admin sees why under Failed photos)');
        } catch {
          // not indexed yet
        }
      }
      this.update();
    }, UploadQueue.RENDER_POLL_MS);
  }

  private clearFinished(): void {
    for (const item of this.items.filter((i) => i.finished)) {
      item.row.remove();
      this.items.splice(this.items.indexOf(item), 1);
    }
    if (!this.items.length) this.el.hidden = true;
    this.update();
  }

  private update(): void {
    // What is (or was) sent: a refused file never is, a skipped one needs no bytes.
    const counted = this.items.filter((i) => i.state !== 'refused' && i.state !== 'skipped');
    const size = counted.reduce((sum, i) => sum + i.file.size, 0);
    const sent = counted.reduce((sum, i) => sum + (i.state === 'ready' || i.state === 'rendering' ? i.file.size : i.sent), 0);
    this.total.value = size ? sent / size : 0;
    const count = (st: State[]) => this.items.filter((i) => st.includes(i.state)).length;
    const parts = [
      `${count(['ready', 'rendering'])} of ${counted.length} uploaded`,
      count(['skipped']) ? `${count(['skipped'])} already there` : '',
      count(['refused']) ? `${count(['refused'])} not added` : '',
      count(['failed']) ? `${count(['failed'])} failed` : '',
      size ? `${formatBytes(sent)} of ${formatBytes(size)}` : '',
    ];
    this.summary.textContent = parts.filter(Boolean).join(' · ');
  }
}

/** A PUT with upload progress (fetch reports none); the status, 0 when the connection dropped. */
function put(url: string, body: Blob, progress: (bytes: number) => void): Promise<number> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    xhr.upload.onprogress = (e) => progress(e.loaded);
    xhr.onload = () => resolve(xhr.status);
    xhr.onerror = () => resolve(0);
    xhr.ontimeout = () => resolve(0);
    xhr.onabort = () => resolve(0);
    xhr.send(body);
  });
}

function wait(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
