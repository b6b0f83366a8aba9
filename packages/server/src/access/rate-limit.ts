/**
 * Fixed-window rate limits: per IP for public writes and logins, per key for partners. Counts live
 * in memory for one instance, or in Redis (one INCR + PEXPIRE script per hit) so that a limit
 * holds across every instance behind the load balancer.
 */
import { Redis } from 'ioredis';
import type { Viewer } from './roles.js';
import { log } from '../logger.js';
import { RateLimitedError } from '../errors.js';

export interface RateLimit {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

/**
 * The buckets and their defaults. `public-write`: anonymous writes (surveys, aspirations) and
 * registrations, per IP; a resident filling in a survey sends a handful, a script thousands.
 * `login`: per IP whoever asks (a partner key does not lift it), enough for typos, too few to
 * guess passwords. `login-account`: per account name across addresses and instances, so spreading
 * guesses over many addresses or keys gains nothing (the owner may wait 15 minutes while under
 * attack). `write`: every mutation of a logged-in user, applicant or partner key, per caller; the
 * CAT centre sends a batch every few seconds per session, 300 a minute covers 10 parallel sessions.
 * `upload`: an applicant's uploads a day (the quota: six kinds of document, each replaceable a few
 * times; replaced files are deleted, so what is stored stays at one file per kind).
 * `partner`: every request of a key.
 * The anonymous inputs (docs/public-pages.md): `device-token`, tokens a phone may ask for per IP
 * (one a year is all a phone needs; mobile carriers share addresses, hence 20 an hour);
 * `anonymous-input`, SKM responses and aspirations per IP from phones; `kiosk`, responses per
 * kiosk token (a respondent needs more than 15 s for nine questions); `aspiration`, per device.
 */
export const DEFAULT_RATE_LIMITS = {
  'public-write': { limit: 20, windowMs: 60_000 },
  login: { limit: 10, windowMs: 60_000 },
  'login-account': { limit: 10, windowMs: 15 * 60_000 },
  upload: { limit: 30, windowMs: 24 * 3600_000 },
  write: { limit: 300, windowMs: 60_000 },
  partner: { limit: 600, windowMs: 60_000 },
  'device-token': { limit: 20, windowMs: 3_600_000 },
  'anonymous-input': { limit: 30, windowMs: 600_000 },
  kiosk: { limit: 4, windowMs: 60_000 },
  aspiration: { limit: 5, windowMs: 86_400_000 },
} satisfies Record<string, RateLimit>;

export type RateLimitBucket = keyof typeof DEFAULT_RATE_LIMITS;
export type RateLimits = Record<RateLimitBucket, RateLimit>;

interface Hit {
  count: number;
  /** Milliseconds until the window resets. */
  resetInMs: number;
}

interface CounterStore {
  hit(key: string, windowMs: number): Promise<Hit>;
  /** Resolves once counting works (or after `timeoutMs`, counting then starting when it can). */
  ready(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

class MemoryCounters implements CounterStore {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  async hit(key: string, windowMs: number): Promise<Hit> {
    const now = Date.now();
    if (this.windows.size > 10_000) for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.count++;
    return { count: window.count, resetInMs: window.resetAt - now };
  }

  async ready() {}

  async close() {}
}

// The first hit of a window sets its expiry; every hit returns the count and the time left.
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) ttl = tonumber(ARGV[1]) end
return { count, ttl }`;

class RedisCounters implements CounterStore {
  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
  ) {}

  /**
   * While Redis is unreachable the limit is not enforced (logged, answered at once): an outage of
   * the counter must not become one of the API.
   */
  async hit(key: string, windowMs: number): Promise<Hit> {
    if (this.redis.status !== 'ready') {
      log.warn({ status: this.redis.status }, 'rate limit not counted: Redis unreachable');
      return { count: 0, resetInMs: windowMs };
    }
    try {
      const [count, ttl] = (await this.redis.eval(HIT_SCRIPT, 1, `${this.namespace}ratelimit:${key}`, windowMs)) as [number, number];
      return { count, resetInMs: ttl };
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'rate limit not counted: Redis unreachable');
      return { count: 0, resetInMs: windowMs };
    }
  }

  ready(timeoutMs: number): Promise<void> {
    if (this.redis.status === 'ready') return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.redis.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  async close() {
    await this.redis.quit().catch(() => {});
  }
}

export class RateLimiter {
  private constructor(
    private readonly store: CounterStore,
    readonly limits: RateLimits,
    readonly kind: 'memory' | 'redis',
  ) {}

  /** In Redis when a URL is given (shared by every instance on it), else in this process. */
  static create(options: { redisUrl?: string; namespace?: string; limits?: Partial<RateLimits> } = {}): RateLimiter {
    const limits = { ...DEFAULT_RATE_LIMITS, ...options.limits };
    if (!options.redisUrl) return new RateLimiter(new MemoryCounters(), limits, 'memory');
    // One retry per command: while Redis is away a request waits at most a reconnect attempt for it.
    const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 1, retryStrategy: (n) => Math.min(n * 200, 2000) });
    redis.on('error', () => {});
    return new RateLimiter(new RedisCounters(redis, options.namespace ?? ''), limits, 'redis');
  }

  /**
   * Counts one hit of `subject` in `bucket`; throws RateLimitedError (RATE_LIMITED, with the
   * `retryAfter` seconds until the window resets) past the limit.
   */
  async consume(bucket: RateLimitBucket, subject: string): Promise<void> {
    const { limit, windowMs } = this.limits[bucket];
    const { count, resetInMs } = await this.store.hit(`${bucket}:${subject}`, windowMs);
    if (count > limit) {
      throw new RateLimitedError(Math.max(1, Math.ceil(resetInMs / 1000)));
    }
  }

  /** Waits (at most `timeoutMs`) for the counter's store to answer, so a new instance counts from its first request. */
  ready(timeoutMs = 5000): Promise<void> {
    return this.store.ready(timeoutMs);
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

/** What a limit needs of a request: who calls, from where, and the limiter (the request context has them). */
interface Caller {
  viewer: Viewer;
  ip: string;
  rateLimiter: RateLimiter;
}

/** The one subject of a caller: their key, account or applicant account; the address for PUBLIC. */
function callerOf(ctx: Pick<Caller, 'viewer' | 'ip'>): string {
  const v = ctx.viewer;
  if (v.apiKeyId !== undefined) return `key:${v.apiKeyId}`;
  if (v.userId !== undefined) return `user:${v.userId}`;
  if (v.applicantId !== undefined) return `applicant:${v.applicantId}`;
  return `ip:${ctx.ip}`;
}

/** Counts one hit for this request's caller (see `callerOf`) in `bucket`, e.g. every request of a partner key. */
export function consumeRateLimit(ctx: Caller, bucket: RateLimitBucket): Promise<void> {
  return ctx.rateLimiter.consume(bucket, callerOf(ctx));
}
