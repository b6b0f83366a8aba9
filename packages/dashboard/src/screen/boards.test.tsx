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

    const push = (scores: unknown[], snapshot: boolean) =>
      act(() =>
        stub.push('ExamSessionScores', {
          examSessionScores: { __typename: 'SessionScoresUpdate', sessionId: 'S1', sequence: 2, updatedAt: '2024-10-21T03:00:00.000Z', status: 'RUNNING', snapshot, scores },
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

  it('says "not found" for a session that does not exist', async () => {
    const stub = stubClient(() => ({ data: { examSession: null } }));
    renderWith(stub, <SessionBoard id="nope" rowsPerPage={12} seconds={15} />);
    expect((await screen.findByTestId('not-found')).textContent).toContain('Tidak ada sesi ujian dengan nomor ini');
  });
});
