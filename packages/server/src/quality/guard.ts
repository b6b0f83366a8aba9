/**
 * Keeps duplicates out of the SKM without keeping who answered, and issues the device tokens that
 * make "one response per device" mean something. A token is signed by the server (HMAC with a key
 * derived from the survey secret), so a client cannot make one up; the address that asked for it
 * is never stored with it. A response's device is stored only as a keyed hash of (token id, unit,
 * period) in SurveyGuard, with a key derived per period from the same secret, which is not in the
 * database: the table cannot be reversed, nor tied to a response (no id order, no time), and it is
 * deleted when the period closes. Floods are bounded by the one rate limiter (access/rate-limit.ts).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { RefusedError } from '../errors.js';

/** A phone's token answers once per unit and period; a kiosk's, registered by an official for one unit, vouches for many respondents. */
export type DeviceTokenKind = 'device' | 'kiosk';

export interface DeviceToken {
  kind: DeviceTokenKind;
  /** Random, 128 bits: the device's identity for the duplicate guard and the per-device limits. */
  id: string;
  expiresAt: Date;
  /** The one unit a kiosk token serves; null for a phone's. */
  serviceUnitId: number | null;
}

/** A phone keeps its token for a year: longer than any period, so it cannot answer twice in one by asking again. */
export const DEVICE_TOKEN_TTL_MS = 366 * 86_400_000;
/** A kiosk token lasts a working day; the official activates the kiosk again the next morning. */
export const KIOSK_TOKEN_TTL_MS = 16 * 3_600_000;

const KIND_LETTER: Record<DeviceTokenKind, string> = { device: 'd', kiosk: 'k' };
// kind . id (16 bytes) . expiry (unix seconds) . unit (kiosk only) . HMAC-SHA256; nothing else is accepted.
const TOKEN_FORMAT = /^([dk])\.([A-Za-z0-9_-]{22})\.(\d{10})\.(\d{0,10})\.([A-Za-z0-9_-]{43})$/;

export class SurveyGuard {
  private readonly tokenKey: Buffer;

  constructor(private readonly secret: string) {
    this.tokenKey = createHmac('sha256', secret).update('device-token-key').digest();
  }

  /** The stored duplicate key of a source at a unit in a period; unrelated across periods. */
  digest(source: string, serviceUnitId: number, periodId: number): string {
    const periodKey = createHmac('sha256', this.secret).update(`survey-period:${periodId}`).digest();
    return createHmac('sha256', periodKey).update(`${serviceUnitId}|${source}`).digest('base64url');
  }

  /** A new signed token: for a phone, or (with `serviceUnitId`) for a kiosk at that unit. */
  issue(kind: DeviceTokenKind, now = new Date(), serviceUnitId: number | null = null): { token: string; expiresAt: Date } {
    const ttl = kind === 'kiosk' ? KIOSK_TOKEN_TTL_MS : DEVICE_TOKEN_TTL_MS;
    const expiresAt = new Date(Math.floor((now.getTime() + ttl) / 1000) * 1000);
    const body = `${KIND_LETTER[kind]}.${randomBytes(16).toString('base64url')}.${expiresAt.getTime() / 1000}.${kind === 'kiosk' ? (serviceUnitId ?? '') : ''}`;
    return { token: `${body}.${this.sign(body)}`, expiresAt };
  }

  /**
   * The token if this server issued it and it has not expired; else a refusal naming
   * `deviceToken` (a made-up, altered or extended token, or an old one).
   */
  verify(token: string, now = new Date()): DeviceToken {
    const match = TOKEN_FORMAT.exec(token);
    const invalid = () => new RefusedError('INVALID_DEVICE_TOKEN', 'not a token this server issued; ask issueDeviceToken for one', 'deviceToken');
    if (!match) throw invalid();
    const [, letter, id, expiry, unit, mac] = match;
    const expected = Buffer.from(this.sign(`${letter}.${id}.${expiry}.${unit}`));
    if (!timingSafeEqual(expected, Buffer.from(mac!))) throw invalid();
    const kind: DeviceTokenKind = letter === 'k' ? 'kiosk' : 'device';
    if ((kind === 'kiosk') !== (unit !== '')) throw invalid();
    const expiresAt = new Date(Number(expiry) * 1000);
    if (expiresAt <= now) throw new RefusedError('EXPIRED_DEVICE_TOKEN', 'this token has expired; ask for a new one', 'deviceToken');
    return { kind, id: id!, expiresAt, serviceUnitId: unit ? Number(unit) : null };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.tokenKey).update(body).digest('base64url');
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
