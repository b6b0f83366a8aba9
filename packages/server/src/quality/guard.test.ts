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
});
