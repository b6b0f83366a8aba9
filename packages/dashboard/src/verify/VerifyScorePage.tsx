/** Cek skor: a participant checks their own score against the signed public score log, in their browser. */
import { LedgerConsistencyDocument, VerifyScoreDocument } from '@pantau/schema';
import { useState, type FormEvent } from 'react';
import { useClient } from 'urql';
import { useI18n } from '../i18n.ts';
import { commitment, keepHead, keptHeads, leafHash, verifyConsistency, verifyHeadSignature, verifyInclusion, type Head } from './proof.ts';
import { verifyStrings } from './strings.ts';

interface Check {
  ok: boolean;
  text: string;
}

interface Outcome {
  record: Record<string, unknown>;
  head: (Head & { fingerprint: string }) | null;
  checks: Check[];
}

type State = { status: 'idle' | 'checking' | 'notFound' } | { status: 'error'; message: string } | { status: 'done'; outcome: Outcome };

function parseOlder(text: string): Head[] {
  if (!text.trim()) return [];
  try {
    const value = JSON.parse(text) as Head | Head[];
    return (Array.isArray(value) ? value : [value]).filter((h) => h && typeof h.size === 'number' && typeof h.rootHash === 'string');
  } catch {
    return [];
  }
}

export function VerifyScorePage() {
  const { language } = useI18n();
  const s = verifyStrings[language];
  const client = useClient();
  // `?peserta=` (the applicant page's link) fills the number; the code is never put in a link.
  const [participantNumber, setParticipantNumber] = useState(() => new URLSearchParams(window.location.hash.split('?')[1] ?? '').get('peserta') ?? '');
  const [examCardCode, setExamCardCode] = useState('');
  const [older, setOlder] = useState('');
  const [state, setState] = useState<State>({ status: 'idle' });

  async function check(event: FormEvent) {
    event.preventDefault();
    setState({ status: 'checking' });
    const res = await client
      .query(VerifyScoreDocument, { participantNumber: participantNumber.trim(), examCardCode }, { requestPolicy: 'network-only' })
      .toPromise();
    if (res.error) return setState({ status: 'error', message: res.error.graphQLErrors[0]?.message ?? res.error.message });
    const proof = res.data?.verifyScore;
    const key = res.data?.ledgerKey;
    if (!proof || !key) return setState({ status: 'notFound' });
    const record = JSON.parse(proof.entry) as Record<string, unknown>;
    const checks: Check[] = [{ ok: record.participant === (await commitment(participantNumber, examCardCode)), text: s.entryYours }];
    const leaf = await leafHash(proof.entry);
    checks.push({ ok: /^[0-9a-f]{64}$/.test(leaf), text: `${s.entryHash} ${leaf.slice(0, 16)}…` });
    const head = proof.head ?? null;
    if (head) {
      checks.push({
        ok: proof.treeSize === head.size && (await verifyInclusion(leaf, proof.leafIndex, head.size, proof.inclusionProof, head.rootHash)),
        text: s.inclusion(proof.leafIndex, head.size),
      });
      checks.push({ ok: head.keyId === key.keyId && (await verifyHeadSignature(head, key.publicKey)), text: s.signature(key.keyId) });
      const earlier = [...(keptHeads()[head.origin] ?? []), ...parseOlder(older).filter((h) => h.origin === head.origin)];
      for (const o of earlier) {
        if (o.size === head.size) {
          if (o.rootHash !== head.rootHash) checks.push({ ok: false, text: s.forkSameSize(o.size) });
          continue;
        }
        const [from, to] = o.size < head.size ? [o, head] : [head, o];
        const c = await client
          .query(LedgerConsistencyDocument, { origin: head.origin, from: from.size, to: to.size }, { requestPolicy: 'network-only' })
          .toPromise();
        const ok = !!c.data?.ledgerConsistency && (await verifyConsistency(from.size, to.size, c.data.ledgerConsistency.proof, from.rootHash, to.rootHash));
        checks.push({ ok, text: s.consistency(from.size, to.size) });
      }
      if (!earlier.length) checks.push({ ok: true, text: s.noOlder });
      if (checks.every((c) => c.ok))
        keepHead({ origin: head.origin, size: head.size, rootHash: head.rootHash, timestamp: head.timestamp, keyId: head.keyId, signature: head.signature });
    }
    setState({ status: 'done', outcome: { record, head, checks } });
  }

  const outcome = state.status === 'done' ? state.outcome : null;
  const allOk = outcome?.checks.every((c) => c.ok) ?? false;
  return (
    <section className="verify-score" aria-labelledby="verify-heading">
      <h2 id="verify-heading">{s.heading}</h2>
      <p>{s.intro}</p>
      <form onSubmit={(e) => void check(e)} className="verify-form">
        <label>
          {s.participantNumber}
          <input
            name="participantNumber"
            value={participantNumber}
            onChange={(e) => setParticipantNumber(e.target.value)}
            required
            autoComplete="off"
            inputMode="numeric"
          />
        </label>
        <label>
          {s.examCardCode}
          <input
            name="examCardCode"
            value={examCardCode}
            onChange={(e) => setExamCardCode(e.target.value)}
            required
            autoComplete="off"
            placeholder="XXXX-XXXX-XXXX-XXXX"
          />
        </label>
        <label>
          {s.olderHead}
          <textarea name="olderHead" value={older} onChange={(e) => setOlder(e.target.value)} rows={2} />
        </label>
        <button type="submit" disabled={state.status === 'checking'}>
          {state.status === 'checking' ? s.checking : s.check}
        </button>
      </form>
      {state.status === 'notFound' && <p role="status">{s.notFound}</p>}
      {state.status === 'error' && <p role="alert">{`${s.failed}: ${state.message}`}</p>}
      {outcome && (
        <div className="verify-result" data-verdict={outcome.head ? (allOk ? 'ok' : 'alarm') : 'pending'}>
          <h3>{s.yourScore}</h3>
          <p className="verify-score-line">
            {['twk', 'tiu', 'tkp', 'total', 'skb']
              .filter((k) => outcome.record[k] !== undefined)
              .map((k) => `${k.toUpperCase()} ${String(outcome.record[k])}`)
              .join(' · ')}
            {` (${s.version} ${String(outcome.record.version)}${outcome.record.kind === 'CORRECTION' ? `, ${s.correction}` : ''})`}
          </p>
          {outcome.head ? (
            <p>{`${s.head}: ${outcome.head.origin}, ${outcome.head.size} ${s.entries}, ${s.fingerprint} ${outcome.head.fingerprint}`}</p>
          ) : (
            <p role="status">{s.pending}</p>
          )}
          <h3>{s.checks}</h3>
          <ul className="verify-checks">
            {outcome.checks.map((c) => (
              <li key={c.text} data-ok={c.ok}>
                <strong>{c.ok ? `✓ ${s.ok}` : `✗ ${s.bad}`}</strong> {c.text}
              </li>
            ))}
          </ul>
          {outcome.head && <p role={allOk ? undefined : 'alert'}>{allOk ? s.proves : s.alarm}</p>}
        </div>
      )}
    </section>
  );
}
