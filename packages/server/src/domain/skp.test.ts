import { describe, expect, it } from 'vitest';
import { skpPredicate, type Expectation } from './skp.js';

describe('SKP predicate (PermenPANRB 6/2022 matrix)', () => {
  it.each([
    ['DI_ATAS', 'DI_ATAS', 'SANGAT_BAIK'],
    ['DI_ATAS', 'SESUAI', 'BAIK'],
    ['DI_ATAS', 'DI_BAWAH', 'KURANG'],
    ['SESUAI', 'DI_ATAS', 'BAIK'],
    ['SESUAI', 'SESUAI', 'BAIK'],
    ['SESUAI', 'DI_BAWAH', 'KURANG'],
    ['DI_BAWAH', 'DI_ATAS', 'BUTUH_PERBAIKAN'],
    ['DI_BAWAH', 'SESUAI', 'BUTUH_PERBAIKAN'],
    ['DI_BAWAH', 'DI_BAWAH', 'SANGAT_KURANG'],
  ] as const)('results %s, behaviour %s: %s', (results, behaviour, predicate) => {
    expect(skpPredicate(results, behaviour)).toBe(predicate);
  });

  it('refuses a rating outside the three', () => {
    expect(() => skpPredicate('BAGUS' as Expectation, 'SESUAI')).toThrow(/DI_ATAS, SESUAI or DI_BAWAH/);
  });
});
