/**
 * The signed-cookie session. The signer turns a Cognito access token into CloudFront signed cookies
 * that let the browser load /renditions, /photos and /resize. Cookies expire, so we renew them ahead
 * of time; a long slideshow must never fall into 403s.
 */

/** With no expiry in the signer's answer, renew this often. */
export const DEFAULT_RENEWAL_MS = 10 * 60 * 1000;
const MIN_DELAY_MS = 5 * 1000;
const MAX_DELAY_MS = 60 * 60 * 1000;

/**
 * When to renew, in ms from now: a fifth of the remaining lifetime ahead of expiry (at least a minute
 * ahead, so a slow network or a sleeping tab still has slack), never in a tight loop, never so far off
 * that a timer outlives a token refresh.
 */
export function renewalDelay(nowMs: number, expiresAtMs: number | null | undefined): number {
  if (expiresAtMs == null || !Number.isFinite(expiresAtMs)) return DEFAULT_RENEWAL_MS;
  const remaining = expiresAtMs - nowMs;
  const margin = Math.max(60 * 1000, remaining * 0.2);
  return Math.min(MAX_DELAY_MS, Math.max(MIN_DELAY_MS, remaining - margin));
}

/** Epoch seconds, epoch milliseconds, or an ISO date → epoch ms; anything else → null. */
export function parseInstant(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v < 1e12 ? v * 1000 : v;
  if (typeof v === 'string' && v.trim() !== '') {
    if (/^\d+(\.\d+)?$/.test(v.trim())) return parseInstant(Number(v));
    const t = Date.parse(v);
    return Number.isNaN(t) ? null : t;
  }
  return null;
}

/**
 * The expiry the signer reported, read leniently: a JSON body {expiresAt} (or {expires}, or
 * {expiresIn} seconds), else an X-Session-Expires(-At) header; null when it said nothing.
 */
export function expiryFrom(nowMs: number, body: unknown, headers: { get(name: string): string | null }): number | null {
  if (body && typeof body === 'object') {
    const o = body as Record<string, unknown>;
    const at = parseInstant(o.expiresAt ?? o.expires ?? o.expiry);
    if (at !== null) return at;
    if (typeof o.expiresIn === 'number' && o.expiresIn > 0) return nowMs + o.expiresIn * 1000;
  }
  for (const name of ['x-session-expires-at', 'x-session-expires']) {
    const at = parseInstant(headers.get(name));
    if (at !== null) return at;
  }
  return null;
}

export class SessionError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

export interface SessionDeps {
  path: string;
  /** A currently valid access token (refreshed by the caller when needed). */
  accessToken: () => Promise<string>;
  /** The Authorization scheme: `Bearer` for a member's token, `Share` for a share link's id. */
  scheme?: string;
  fetch?: typeof fetch;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  /** Called when renewal failed for good (e.g. the user was removed): the UI asks to sign in again. */
  onLost?: (err: unknown) => void;
}

export class CookieSession {
  private timer: unknown = null;
  private renewAt = 0;
  private inFlight: Promise<void> | null = null;
  private stopped = true;
  private readonly fetch: typeof fetch;
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly deps: SessionDeps) {
    this.fetch = deps.fetch ?? ((...a) => fetch(...a));
    this.now = deps.now ?? Date.now;
    this.setTimer = deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = deps.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  }

  /** Issue cookies now and keep renewing them until stop(). */
  async start(): Promise<void> {
    this.stopped = false;
    await this.renew();
  }

  /** Renew now (coalescing concurrent calls), e.g. after an image answered 403 or the tab woke up. */
  renew(): Promise<void> {
    if (!this.inFlight) {
      this.inFlight = this.issue().finally(() => {
        this.inFlight = null;
      });
    }
    return this.inFlight;
  }

  /** Timers do not run while a laptop sleeps: when the page becomes visible again, renew if overdue. */
  renewIfDue(): void {
    if (!this.stopped && this.now() >= this.renewAt) {
      this.renew().catch((err) => this.deps.onLost?.(err));
    }
  }

  get renewsAt(): number {
    return this.renewAt;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
  }

  /** Clears the cookies at the signer; stops renewing whatever the answer. */
  async end(): Promise<void> {
    this.stop();
    const token = await this.deps.accessToken().catch(() => null);
    await this.fetch(this.deps.path, {
      method: 'DELETE',
      credentials: 'same-origin',
      headers: token ? { Authorization: `Bearer ${token}` } : {},
    }).catch(() => undefined);
  }

  private async issue(): Promise<void> {
    const token = await this.deps.accessToken();
    const res = await this.fetch(this.deps.path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Authorization: `${this.deps.scheme ?? 'Bearer'} ${token}` },
    });
    if (!res.ok) {
      throw new SessionError(`The photo session could not be started (${this.deps.path} answered ${res.status})`, res.status);
    }
    const text = await res.text().catch(() => '');
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    const now = this.now();
    const delay = renewalDelay(now, expiryFrom(now, body, res.headers));
    this.renewAt = now + delay;
    if (this.stopped) return;
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = this.setTimer(() => {
      this.timer = null;
      this.renew().catch((err) => this.retryOrLose(err));
    }, delay);
  }

  private retryOrLose(err: unknown): void {
    if (this.stopped) return;
    // 401/403 or a refresh token Cognito refuses: signed out for good; anything else (offline, 5xx) is worth another try soon.
    if ((err instanceof SessionError && (err.status === 401 || err.status === 403)) || (err as Error)?.name === 'AuthLost') {
      this.deps.onLost?.(err);
      return;
    }
    this.renewAt = this.now() + 30 * 1000;
    this.timer = this.setTimer(() => {
      this.timer = null;
      this.renew().catch((e) => this.retryOrLose(e));
    }, 30 * 1000);
  }
}
