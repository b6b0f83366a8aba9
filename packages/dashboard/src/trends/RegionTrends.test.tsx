import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWith, stubClient } from '../test-utils.tsx';
import { RegionTrends } from './RegionTrends.tsx';

afterEach(cleanup);

const point = (year: number, actual: number | null, target: number | null, met: boolean | null) => ({
  __typename: 'RegionTrendPoint',
  year,
  actual,
  target,
  met,
  gap: actual != null && target != null ? actual - target : null,
});
const trends = {
  __typename: 'RegionTrends',
  id: '15.71',
  series: [
    { __typename: 'RegionFigureTrend', figure: 'FILL_RATE', better: 'HIGHER_IS_BETTER', points: [point(2024, 0.8, 0.9, false), point(2025, null, null, null)] },
    { __typename: 'RegionFigureTrend', figure: 'IKM', better: 'HIGHER_IS_BETTER', points: [point(2024, 78.25, null, null), point(2025, 81.5, 80, true)] },
    {
      __typename: 'RegionFigureTrend',
      figure: 'SKD_PASS_RATE',
      better: 'HIGHER_IS_BETTER',
      points: [point(2024, null, null, null), point(2025, null, null, null)],
    },
    {
      __typename: 'RegionFigureTrend',
      figure: 'DAYS_TO_FINAL_RESULT',
      better: 'LOWER_IS_BETTER',
      points: [point(2024, null, 120, null), point(2025, null, null, null)],
    },
  ],
};

describe('Tren dan sasaran', () => {
  it("gives each figure its years, figures, targets and whether they were met, as text, in the figure's own terms", async () => {
    renderWith(
      stubClient(() => ({ data: { regionTrends: trends } })),
      <RegionTrends regionCode="15.71" defaultYear={2024} staff />,
    );
    const fill = within(await screen.findByTestId('trend-fill-rate'));
    const rows = fill
      .getAllByRole('row')
      .slice(1)
      .map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent));
    expect(rows).toEqual([
      ['2024', '80,0%', '90,0%', 'Belum tercapai'],
      ['2025', '—', '—', 'Belum ada sasaran'],
    ]);
    expect(screen.getByTestId('trend-fill-rate-target').textContent).toBe('Sasaran 2024: 90,0% · Capaian: 80,0% · Belum tercapai');
    expect(screen.getByTestId('trend-ikm-target').textContent).toContain('Sasaran 2025: 80,0 · Capaian: 81,5 · Tercapai');
    expect(within(screen.getByTestId('trend-ikm')).getByText('Indeks Kepuasan Masyarakat (IKM) (makin tinggi makin baik)')).toBeTruthy();
    // A figure not known yet says so and still shows the target set for it, in days, fewer being better.
    const days = within(screen.getByTestId('trend-days-to-final-result'));
    expect(days.getByText('Belum ada data untuk ditampilkan.')).toBeTruthy();
    expect(days.getByText(/makin rendah makin baik/)).toBeTruthy();
    expect(screen.getByTestId('trend-days-to-final-result-target').textContent).toContain('120 hari');
    expect(screen.getByTestId('target-form')).toBeTruthy();
  });

  it('shows no form where the region has no government of its own (a kecamatan)', async () => {
    renderWith(
      stubClient(() => ({ data: { regionTrends: { ...trends, id: '16.71.14' } } })),
      <RegionTrends regionCode="16.71.14" defaultYear={2024} staff={false} />,
    );
    await screen.findByTestId('trend-ikm');
    expect(screen.queryByTestId('target-form')).toBeNull();
  });
});

describe('Tren dan sasaran, live', () => {
  it('fetches the trends again when the page says its figures changed (a live push)', async () => {
    let calls = 0;
    const stub = stubClient(() => {
      calls += 1;
      const ikm = calls === 1 ? 81.5 : 82.25;
      return {
        data: { regionTrends: { ...trends, series: trends.series.map((s) => (s.figure === 'IKM' ? { ...s, points: [point(2025, ikm, 80, true)] } : s)) } },
      };
    });
    // biome-ignore lint/correctness/noComponentHookFactories: a page for this test alone, closing over its mocked client
    function Page() {
      const [pushed, setPushed] = useState(0);
      return (
        <>
          <button type="button" onClick={() => setPushed((n) => n + 1)}>
            push
          </button>
          <RegionTrends regionCode="15.71" defaultYear={2024} staff refresh={pushed} />
        </>
      );
    }
    renderWith(stub, <Page />);
    await screen.findByText(/Capaian: 81,5/);
    fireEvent.click(screen.getByText('push'));
    await screen.findByText(/Capaian: 82,3/);
    expect(calls).toBe(2);
  });
});
