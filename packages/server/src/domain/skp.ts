/**
 * SKP (Sasaran Kinerja Pegawai), PermenPANRB 6/2022 (RULES.md): work results and work behaviour
 * are each rated against expectation, and the 3 x 3 matrix gives the yearly predicate. Pure.
 */

export type Expectation = 'DI_ATAS' | 'SESUAI' | 'DI_BAWAH';
export type SkpPredicate = 'SANGAT_BAIK' | 'BAIK' | 'BUTUH_PERBAIKAN' | 'KURANG' | 'SANGAT_KURANG';

/** Rows: work results; columns: behaviour. "Kurang/misconduct" cells are KURANG. */
const MATRIX: Record<Expectation, Record<Expectation, SkpPredicate>> = {
  DI_ATAS: { DI_ATAS: 'SANGAT_BAIK', SESUAI: 'BAIK', DI_BAWAH: 'KURANG' },
  SESUAI: { DI_ATAS: 'BAIK', SESUAI: 'BAIK', DI_BAWAH: 'KURANG' },
  DI_BAWAH: { DI_ATAS: 'BUTUH_PERBAIKAN', SESUAI: 'BUTUH_PERBAIKAN', DI_BAWAH: 'SANGAT_KURANG' },
};

export const SKP_PREDICATE_LABELS: Record<SkpPredicate, { id: string; en: string }> = {
  SANGAT_BAIK: { id: 'Sangat Baik', en: 'Outstanding' },
  BAIK: { id: 'Baik', en: 'Good' },
  BUTUH_PERBAIKAN: { id: 'Butuh Perbaikan', en: 'Needs improvement' },
  KURANG: { id: 'Kurang/misconduct', en: 'Poor/misconduct' },
  SANGAT_KURANG: { id: 'Sangat Kurang', en: 'Very poor' },
};

/** The yearly SKP predicate from the two ratings. */
export function skpPredicate(results: Expectation, behaviour: Expectation): SkpPredicate {
  const row = MATRIX[results];
  const predicate = row?.[behaviour];
  if (!predicate) throw new RangeError(`ratings must be DI_ATAS, SESUAI or DI_BAWAH, got ${results}/${behaviour}`);
  return predicate;
}
