import { describe, expect, it, vi } from 'vitest';
import { CookieSession, DEFAULT_RENEWAL_MS, expiryFrom, renewalDelay, SessionError } from '../src/session';

const MIN = 60 * 1000;
const noHeaders = { get: () => null };

describe('renewalDelay', () => {
  it('renews every 10 minutes when the signer gave no expiry', () => {
    expect(renewalDelay(0, null)).toBe(DEFAULT_RENEWAL_MS);
    expect(DEFAULT_RENEWAL_MS).toBe(10 * MIN);
  });
  it('renews a fifth of the lifetime ahead of expiry', () => {
    expect(renewalDelay(0, 60 * MIN)).toBe(48 * MIN);
  });
  it('keeps at least a minute of slack for short lifetimes', () => {
    expect(renewalDelay(0, 3 * MIN)).toBe(2 * MIN);
  });
  it('does not spin when the expiry is already past', () => {
    expect(renewalDelay(10 * MIN, 5 * MIN)).toBe(5000);
  });
  it('renews at least hourly even for long lifetimes', () => {
    expect(renewalDelay(0, 24 * 60 * MIN)).toBe(60 * MIN);
  });
});

describe('expiryFrom', () => {
  const now = Date.UTC(2025, 0, 1);
  it('reads {expiresAt} as ISO, epoch seconds or epoch ms', () => {
    expect(expiryFrom(now, { expiresAt: '2025-01-01T01:00:00Z' }, noHeaders)).toBe(now + 60 * MIN);
    expect(expiryFrom(now, { expiresAt: now / 1000 + 3600 }, noHeaders)).toBe(now + 60 * MIN);
    expect(expiryFrom(now, { expiresAt: now + 3600_000 }, noHeaders)).toBe(now + 60 * MIN);
  });
  it('reads {expiresIn} seconds', () => {
    expect(expiryFrom(now, { expiresIn: 900 }, noHeaders)).toBe(now + 15 * MIN);
  });
  it('falls back to a header', () => {
    const headers = new Headers({ 'X-Session-Expires-At': '2025-01-01T00:30:00Z' });
    expect(expiryFrom(now, null, headers)).toBe(now + 30 * MIN);
  });
  it('is null when nothing says', () => {
    expect(expiryFrom(now, { unrelated: 1 }, new Headers())).toBeNull();
    expect(expiryFrom(now, null, new Headers({ 'X-Session-Expires': 'soon' }))).toBeNull();
  });
});

/** A session against a scripted signer, with a manual clock and timer queue. */
function harness(answers: Array<() => Response>) {
  let now = 1_000_000;
  const timers: Array<{ at: number; fn: () => void }> = [];
  const calls: Array<{ method: string; auth: string | undefined; credentials: string | undefined }> = [];
  const fetchImpl = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
    calls.push({
      method: init?.method ?? 'GET',
      auth: (init?.headers as Record<string, string> | undefined)?.Authorization,
      credentials: init?.credentials,
    });
    const next = answers.shift();
    if (!next) throw new TypeError('no more scripted answers');
    return next();
  });
  const lost = vi.fn();
  let token = 0;
  const session = new CookieSession({
    path: '/api/session',
    accessToken: async () => `token-${++token}`,
    fetch: fetchImpl as unknown as typeof fetch,
    now: () => now,
    setTimer: (fn, ms) => {
      const t = { at: now + ms, fn };
      timers.push(t);
      return t;
    },
    clearTimer: (h) => {
      const i = timers.indexOf(h as (typeof timers)[number]);
      if (i >= 0) timers.splice(i, 1);
    },
    onLost: lost,
  });
  const advance = async (ms: number) => {
    now += ms;
    for (const t of timers.filter((x) => x.at <= now)) {
      timers.splice(timers.indexOf(t), 1);
      t.fn();
    }
    // Let the renewal's promise chain settle.
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };
  return { session, calls, lost, advance, timers, clock: () => now };
}

describe('CookieSession', () => {
  it('posts a fresh access token, same-origin, and renews ahead of the expiry the signer gave', async () => {
    const h = harness([
      () => Response.json({ expiresAt: (1_000_000 + 60 * MIN) / 1000 }),
      () => new Response(null, { status: 204 }),
    ]);
    await h.session.start();
    expect(h.calls).toEqual([{ method: 'POST', auth: 'Bearer token-1', credentials: 'same-origin' }]);
    expect(h.session.renewsAt).toBe(1_000_000 + 48 * MIN);
    await h.advance(48 * MIN - 1);
    expect(h.calls).toHaveLength(1);
    await h.advance(1);
    expect(h.calls).toHaveLength(2);
    expect(h.calls[1].auth).toBe('Bearer token-2');
    // A 204 without expiry: every 10 minutes from then on.
    expect(h.session.renewsAt).toBe(h.clock() + 10 * MIN);
  });

  it('retries a failed renewal in 30 s and only gives up when the signer refuses the token', async () => {
    const h = harness([
      () => new Response(null, { status: 204 }),
      () => new Response('busy', { status: 503 }),
      () => new Response(null, { status: 401 }),
    ]);
    await h.session.start();
    await h.advance(10 * MIN);
    expect(h.calls).toHaveLength(2);
    expect(h.lost).not.toHaveBeenCalled();
    await h.advance(30 * 1000);
    expect(h.calls).toHaveLength(3);
    expect(h.lost).toHaveBeenCalledWith(expect.any(SessionError));
  });

  it('rejects start() with a message naming the path and status', async () => {
    const h = harness([() => new Response(null, { status: 401 })]);
    await expect(h.session.start()).rejects.toThrow('/api/session answered 401');
  });

  it('coalesces concurrent renewals into one request', async () => {
    const h = harness([() => new Response(null, { status: 204 }), () => new Response(null, { status: 204 })]);
    await Promise.all([h.session.start(), h.session.renew(), h.session.renew()]);
    expect(h.calls).toHaveLength(1);
  });

  it('renews at once when a sleeping tab wakes up past the renewal time', async () => {
    const h = harness([() => new Response(null, { status: 204 }), () => new Response(null, { status: 204 })]);
    await h.session.start();
    h.session.renewIfDue();
    expect(h.calls).toHaveLength(1);
    // The timer did not fire (the laptop slept), but the clock moved on.
    h.timers.length = 0;
    await h.advance(11 * MIN);
    h.session.renewIfDue();
    await h.advance(0);
    expect(h.calls).toHaveLength(2);
  });

  it('end() deletes the session and stops renewing', async () => {
    const h = harness([() => new Response(null, { status: 204 }), () => new Response(null, { status: 204 })]);
    await h.session.start();
    await h.session.end();
    expect(h.calls.map((c) => c.method)).toEqual(['POST', 'DELETE']);
    expect(h.timers).toHaveLength(0);
    await h.advance(60 * MIN);
    expect(h.calls).toHaveLength(2);
  });
});
