import { formatRatio, useI18n, type IkmGrade } from '../i18n.ts';

/** An IKM (25–100) with its quality grade A–D in the grade's colour; "no data yet" without one. */
export function IkmBadge({ ikm }: { ikm: { value: number; grade: IkmGrade } | null | undefined }) {
  const { t } = useI18n();
  if (!ikm) {
    return (
      <span className="ikm ikm-none" data-testid="ikm-badge">
        {t.noData}
      </span>
    );
  }
  return (
    <span className={`ikm ikm-${ikm.grade.toLowerCase()}`} data-testid="ikm-badge" title={t.satisfaction.grades[ikm.grade]}>
      <strong>{formatRatio(ikm.value)}</strong> <span className="ikm-grade">{ikm.grade}</span>{' '}
      <span className="ikm-label">{t.satisfaction.grades[ikm.grade]}</span>
    </span>
  );
}
