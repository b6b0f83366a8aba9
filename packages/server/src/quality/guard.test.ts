import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SurveyGuard, surveySecret } from './guard.js';

describe('survey guard', () => {
  it('keeps one generated secret per data folder, unless PANTAU_SURVEY_SALT is set', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pantau-salt-'));
    try {
      const first = surveySecret(undefined, dir);
      expect(first.origin).toBe('data-dir');
      expect(surveySecret(undefined, dir)).toEqual(first); // the next start reads the same one
      expect((fs.statSync(path.join(dir, 'survey-salt')).mode & 0o777).toString(8)).toBe('600');
      expect(surveySecret('from-env', dir)).toEqual({ secret: 'from-env', origin: 'env' });
      expect(surveySecret(undefined, 'memory://').origin).toBe('process');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives a source unrelated digests in other periods, units and deployments', () => {
    const a = new SurveyGuard('secret-a');
    expect(a.digest('device:x', 1, 7)).toBe(a.digest('device:x', 1, 7));
    const others = [a.digest('device:x', 1, 8), a.digest('device:x', 2, 7), new SurveyGuard('secret-b').digest('device:x', 1, 7)];
    expect(new Set([a.digest('device:x', 1, 7), ...others]).size).toBe(4);
  });

  it('accepts only tokens it signed, unaltered and unexpired, and refuses the rest naming deviceToken', () => {
    const guard = new SurveyGuard('secret-a');
    const now = new Date('2025-03-10T02:00:00Z');
    const phone = guard.issue('device', now);
    expect(guard.verify(phone.token, now)).toEqual({
      kind: 'device',
      id: expect.stringMatching(/^[\w-]{22}$/),
      expiresAt: phone.expiresAt,
      serviceUnitId: null,
    });
    expect(guard.issue('device', now).token).not.toBe(phone.token);
    const kiosk = guard.issue('kiosk', now, 12);
    expect(guard.verify(kiosk.token, now)).toMatchObject({ kind: 'kiosk', serviceUnitId: 12 });
    const refusedAs = (token: string, at = now) => {
      try {
        guard.verify(token, at);
        return 'accepted';
      } catch (err) {
        return (err as { extensions: Record<string, unknown> }).extensions;
      }
    };
    const [letter, id, expiry, unit, mac] = kiosk.token.split('.');
    const forged = [
      'phone-17', // made up
      `${phone.token}.extra`,
      phone.token.slice(0, -1) + (phone.token.endsWith('A') ? 'B' : 'A'), // altered signature
      [letter, id, expiry, '13', mac].join('.'), // another unit
      [letter, id, String(Number(expiry) + 86_400), unit, mac].join('.'), // a later expiry
      ['d', id, expiry, unit, mac].join('.'), // a kiosk made a phone
      new SurveyGuard('secret-b').issue('device', now).token, // another deployment's
    ];
    for (const token of forged) expect(refusedAs(token)).toEqual({ code: 'INVALID_DEVICE_TOKEN', field: 'deviceToken' });
    expect(refusedAs(phone.token, phone.expiresAt)).toEqual({ code: 'EXPIRED_DEVICE_TOKEN', field: 'deviceToken' });
    expect(refusedAs(kiosk.token, new Date(now.getTime() + 17 * 3_600_000))).toEqual({ code: 'EXPIRED_DEVICE_TOKEN', field: 'deviceToken' });
  });
});
