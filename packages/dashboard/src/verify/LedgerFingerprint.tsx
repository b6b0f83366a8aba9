/** The current score log head in a few characters, for the kiosk screen: anyone can photograph it as their own witness. */
import { LedgerLogsDocument } from '@pantau/schema';
import { useEffect } from 'react';
import { useQuery } from 'urql';
import { useI18n } from '../i18n.ts';
import { verifyStrings } from './strings.ts';

export function LedgerFingerprint() {
  const { language } = useI18n();
  const s = verifyStrings[language];
  const [{ data }, refresh] = useQuery({ query: LedgerLogsDocument, requestPolicy: 'network-only' });
  useEffect(() => {
    const timer = setInterval(() => refresh({ requestPolicy: 'network-only' }), 30_000);
    return () => clearInterval(timer);
  }, [refresh]);
  const heads = (data?.ledgerLogs ?? []).flatMap((l) => (l.head ? [l.head] : []));
  if (!heads.length) return null;
  return (
    <p className="ledger-fingerprint" aria-label={s.head}>
      {heads.map((h) => `${s.head} ${h.origin}: ${h.size} ${s.entries} · ${s.fingerprint} ${h.fingerprint}`).join('  |  ')}
    </p>
  );
}
