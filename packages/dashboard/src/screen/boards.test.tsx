import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWith, stubClient } from '../test-utils.tsx';
import { SessionBoard } from './boards.tsx';

afterEach(cleanup);

const seat = (n: string, name: string, total: number | null, over: Record<string, unknown> = {}) => ({
  __typename: 'SessionScore',
  participantNumber: n,
  displayName: name,
  twk: total == null ? null : 100,
  tiu: total == null ? null : 100,
  tkp: total == null ? null : total - 200,
  total,
  final: false,
  absent: false,
  disqualified: false,
  formationType: 'UMUM',
  skb: null,
  corrected: false,
  ...over,
});

const session = {
  __typename: 'ExamSession',
  id: 'S1',
  date: '2024-10-21',
  number: 2,
  stage: 'SKD',
  status: 'RUNNING',
  chainHead: null,
  startedAt: '2024-10-21T01:00:00.000Z',
  closedAt: null,
  selectionYear: {
    __typename: 'SelectionYear',
    id: 'Y1',
    year: 2024,
    thresholds: [{ __typename: 'Threshold', formationType: 'UMUM', twk: 65, tiu: 80, tkp: 166, total: null }],
  },
  site: { __typename: 'ExamSite', id: 'X1', code: 'TL-JAMBI', name: 'Titik Lokasi Jambi' },
  scores: [seat('****0001', 'B*** S******', 300), seat('****0002', 'S*** R********', 320), seat('****0003', 'A*** P*****', null, { absent: true })],
};

describe('the public session board', () => {
  it('ranks masked seats by score, marks absentees, and shows who moved up after a live push', async () => {
    const stub = stubClient(() => ({ data: { examSession: session } }));
    renderWith(stub, <SessionBoard id="S1" rowsPerPage={12} seconds={15} />);
    await screen.findByTestId('session-board');
    await waitFor(() => expect(screen.getAllByTestId('score-row')).toHaveLength(3));
    const names = () => screen.getAllByTestId('score-row').map((r) => within(r).getAllByRole('cell')[3]!.textContent);
    expect(names()).toEqual(['S*** R********', 'B*** S******', 'A*** P*****']);
    expect(screen.getByText('Tidak hadir')).toBeTruthy();
    expect(screen.getByText('Berlangsung')).toBeTruthy();
    await stub.subscribed('ExamSessionScores');

    const push = (scores: unknown[], snapshot: boolean) =>
      act(() =>
        stub.push('ExamSessionScores', {
          examSessionScores: {
            __typename: 'SessionScoresUpdate',
            sessionId: 'S1',
            sequence: 2,
            updatedAt: '2024-10-21T03:00:00.000Z',
            dataAt: '2024-10-21T02:00:00.000Z',
            status: 'RUNNING',
            stage: 'SKD',
            startedAt: '2024-10-21T01:00:00.000Z',
            closedAt: null,
            snapshot,
            scores,
          },
        }),
      );
    push(session.scores, true);
    push([seat('****0001', 'B*** S******', 340, { final: true })], false);
    await waitFor(() => expect(names()).toEqual(['B*** S******', 'S*** R********', 'A*** P*****']));
    const first = screen.getAllByTestId('score-row')[0]!;
    expect(within(first).getByTestId('movement').textContent).toContain('▲1');
    expect(within(first).getByTestId('score-total').textContent).toContain('340');
    expect(within(first).getByTestId('score-total').textContent).toContain('final');
  });

  it('follows the session state from the live push: closed means final, no "sementara"', async () => {
    const stub = stubClient(() => ({ data: { examSession: session } }));
    renderWith(stub, <SessionBoard id="S1" rowsPerPage={12} seconds={15} />);
    await waitFor(() => expect(screen.getAllByTestId('score-row')).toHaveLength(3));
    expect(screen.getAllByText('sementara').length).toBe(2);
    await stub.subscribed('ExamSessionScores');
    act(() =>
      stub.push('ExamSessionScores', {
        examSessionScores: {
          __typename: 'SessionScoresUpdate',
          sessionId: 'S1',
          sequence: 3,
          updatedAt: '2026-12-04T03:00:00.000Z',
          dataAt: '2024-10-21T03:00:00.000Z',
          status: 'CLOSED',
          stage: 'SKD',
          startedAt: '2024-10-21T01:00:00.000Z',
          closedAt: '2024-10-21T03:00:00.000Z',
          snapshot: true,
          scores: session.scores,
        },
      }),
    );
    await waitFor(() => expect(screen.getByTestId('session-status').textContent).toBe('Selesai'));
    expect(screen.queryByText('sementara')).toBeNull();
    // Pass/fail per sub-test beside the thresholds: TKP 100 and 120 are below 166.
    expect(screen.getAllByText('di bawah ambang batas').length).toBeGreaterThan(0);
    expect(screen.getByTestId('session-timer').textContent).toContain('2:00:00');
  });

  it('shows an SKB session under its own columns: SKB score beside the SKD total, corrected marked', async () => {
    const skb = {
      ...session,
      stage: 'SKB',
      scores: [
        seat('2415****0001', 'B*** S******', 300, { skb: 78.25, final: true, corrected: true }),
        seat('2415****0002', 'S*** R********', 320, { skb: 70 }),
      ],
    };
    const stub = stubClient(() => ({ data: { examSession: skb } }));
    renderWith(stub, <SessionBoard id="S1" rowsPerPage={12} seconds={15} />);
    await waitFor(() => expect(screen.getAllByTestId('score-row')).toHaveLength(2));
    const headers = screen.getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toContain('Nilai SKB');
    expect(headers).not.toContain('TWK');
    const first = screen.getAllByTestId('score-row')[0]!;
    expect(within(first).getByTestId('score-total').textContent).toContain('78,25');
    expect(within(first).getByTestId('score-total').textContent).toContain('dikoreksi');
  });

  it('says "not found" for a session that does not exist', async () => {
    const stub = stubClient(() => ({ data: { examSession: null } }));
    renderWith(stub, <SessionBoard id="nope" rowsPerPage={12} seconds={15} />);
    expect((await screen.findByTestId('not-found')).textContent).toContain('Tidak ada sesi ujian dengan nomor ini');
  });
});
