/** Ranking rows shared by the formation page and the public screen: result codes and movement arrows. */
import type { RankingEntryFieldsFragment, ResultCode } from '@pantau/schema';
import { formatCount, useI18n } from '../i18n.ts';

/** ▲ places gained, ▼ places lost, • new to the list; the arrow's meaning is spoken too. */
export function Movement({ movement }: { movement: number | null | undefined }) {
  const { t } = useI18n();
  if (movement == null) {
    return (
      <span className="move move-new" title={t.screen.new}>
        <span aria-hidden="true">•</span>
        <span className="visually-hidden">{t.screen.new}</span>
      </span>
    );
  }
  if (movement === 0)
    return (
      <span className="move move-same" aria-hidden="true">
        –
      </span>
    );
  const up = movement > 0;
  return (
    <span className={up ? 'move move-up' : 'move move-down'} data-testid="movement">
      <span aria-hidden="true">{up ? '▲' : '▼'}</span>
      {formatCount(Math.abs(movement))}
      <span className="visually-hidden"> {up ? t.screen.up : t.screen.down}</span>
    </span>
  );
}

export function ResultBadge({ code }: { code: ResultCode }) {
  const { t } = useI18n();
  return <span className={`result result-${code.toLowerCase().replace(/_/g, '-')}`}>{t.formation.resultCodes[code]}</span>;
}

export type RankingRow = RankingEntryFieldsFragment;
