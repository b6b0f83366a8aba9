/**
 * The current score log head in a few characters, for the kiosk screen: anyone can photograph it
 * as their own witness. A newly signed head (a session closed: its closing size is signed at once)
 * is pushed (`ledgerHeadSigned`) and fetched again, so the screen of a closed session shows the
 * head that covers its scores.
 */
import { LedgerHeadSignedDocument, LedgerLogsDocument } from '@pantau/schema';
import { useEffect } from 'react';
import { useQuery, useSubscription } from 'urql';
import { useI18n } from '../i18n.ts';
import { verifyStrings } from './strings.ts';

export function LedgerFingerprint() {
  const { language } = useI18n();
  const s = verifyStrings[language];
  const [{ data }, refresh] = useQuery({ query: LedgerLogsDocument, requestPolicy: 'network-only' });
  const [signed] = useSubscription({ query: LedgerHeadSignedDocument, variables: {} });
  const latest = signed.data?.ledgerHeadSigned.fingerprint;
  useEffect(() => {
    if (latest) refresh({ requestPolicy: 'network-only' });
  }, [latest, refresh]);
  const heads = (data?.ledgerLogs ?? []).flatMap((l) => (l.head ? [l.head] : []));
  if (!heads.length) return null;
  return (
    <p className="ledger-fingerprint" data-testid="ledger-fingerprint">
      {heads.map((h) => `${s.head} ${h.origin}: ${h.size} ${s.entries} · ${s.fingerprint} ${h.fingerprint}`).join('  |  ')}
    </p>
  );
}
