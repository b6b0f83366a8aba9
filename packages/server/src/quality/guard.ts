/**
 * Keeps floods and duplicates out of the SKM without keeping who answered. A response's source
 * (a device token, else the caller's address) is stored only as a keyed hash of (source, unit,
 * period) in SurveyGuard, with a key derived per period from a server secret that is not in the
 * database: the table cannot be reversed (2^32 addresses are quickly tried, but not without the
 * secret), nor tied to a response (no id order, no time), and it is deleted when the period closes.
 * Floods are counted in memory per instance, by source, in fixed windows.
 */
import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface FloodLimit {
  max: number;
  windowMs: number;
}

export interface FloodLimits {
  /** Per address (or device) for the public. */
  public: FloodLimit;
  /** Per partner key: a kiosk in a busy waiting room sends many. */
  partner: FloodLimit;
}

export const DEFAULT_FLOOD_LIMITS: FloodLimits = {
  public: { max: 30, windowMs: 10 * 60_000 },
  partner: { max: 600, windowMs: 60_000 },
};

export class SurveyGuard {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly secret: string,
    private readonly limits: FloodLimits = DEFAULT_FLOOD_LIMITS,
  ) {}

  /** The stored duplicate key of a source at a unit in a period; unrelated across periods. */
  digest(source: string, serviceUnitId: number, periodId: number): string {
    const periodKey = createHmac('sha256', this.secret).update(`survey-period:${periodId}`).digest();
    return createHmac('sha256', periodKey).update(`${serviceUnitId}|${source}`).digest('base64url');
  }

  /** Counts one submission of a source; false once it went over its limit in the current window. */
  admit(kind: keyof FloodLimits, source: string, now = Date.now()): boolean {
    const { max, windowMs } = this.limits[kind];
    const key = createHmac('sha256', this.secret).update(`flood:${kind}|${source}`).digest('base64url');
    let window = this.windows.get(key);
    if (!window || now - window.start >= windowMs) {
      if (this.windows.size > 50_000) this.sweep(now);
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    return window.count <= max;
  }

  private sweep(now: number) {
    const longest = Math.max(this.limits.public.windowMs, this.limits.partner.windowMs);
    for (const [key, w] of this.windows) if (now - w.start >= longest) this.windows.delete(key);
  }
}

/**
 * The guard's secret: PANTAU_SURVEY_SALT when set (required for several instances to agree);
 * else, on the embedded default, one generated on first start and kept in the data folder; else a
 * fresh one per process, which forgets duplicates across restarts (`origin` says which).
 */
export function surveySecret(configured: string | undefined, dataDir: string | undefined): { secret: string; origin: 'env' | 'data-dir' | 'process' } {
  if (configured) return { secret: configured, origin: 'env' };
  if (!dataDir || dataDir.startsWith('memory://')) return { secret: randomBytes(32).toString('base64url'), origin: 'process' };
  const file = path.join(dataDir, 'survey-salt');
  try {
    return { secret: fs.readFileSync(file, 'utf8').trim(), origin: 'data-dir' };
  } catch {
    const secret = randomBytes(32).toString('base64url');
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return { secret, origin: 'data-dir' };
  }
}
