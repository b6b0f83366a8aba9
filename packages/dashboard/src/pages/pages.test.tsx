import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { LanguageToggle } from '../components/LanguageToggle.tsx';
import { LiveBadge } from '../components/States.tsx';
import { kpisFixture, regionKpisFixture } from '../fixtures.test-data.ts';
import { renderWith, stubClient } from '../test-utils.tsx';
import { Overview } from './Overview.tsx';
import { RegionPage } from './RegionPage.tsx';
import { SatisfactionPage } from './SatisfactionPage.tsx';

afterEach(cleanup);

const regionsAnswer = { data: { regions: [] } };

describe('Ringkasan (overview)', () => {
  it('shows each region side by side with id-ID figures, the funnel as text, and IKM as "no data yet"', async () => {
    const stub = stubClient((name, vars) =>
      name === 'RecruitmentKpis'
        ? { data: { recruitmentKpis: kpisFixture(String(vars.regionCode), vars.regionCode === '15.71' ? 'Kota Jambi' : 'Kota Semarang') } }
        : regionsAnswer,
    );
    renderWith(stub, <Overview codes={['15.71', '33.74']} />);
    const columns = await screen.findAllByTestId('kpi-cards');
    expect(columns).toHaveLength(2);
    expect(screen.getByText('Kota Jambi')).toBeTruthy();
    expect(screen.getByText('Kota Semarang')).toBeTruthy();
    const first = within(screen.getAllByTestId('overview-region')[0]!);
    expect(first.getByTestId('kpi-applicants').textContent).toBe('1.234');
    expect(first.getByTestId('kpi-competition').textContent).toContain('61,7');
    expect(first.getByTestId('kpi-fill').textContent).toContain('50,0%');
    expect(first.getByTestId('ikm-badge').textContent).toBe('Belum ada data');
    // The funnel's text alternative carries every step and count.
    const alt = first.getByTestId('funnel').querySelector('[data-testid="chart-alt"]')!;
    expect(alt.textContent).toContain('Lulus ambang batas SKD');
    expect(alt.textContent).toContain('1.234');
  });

  it('updates a region when kpisUpdated pushes, through the normalised cache', async () => {
    const stub = stubClient((name) => (name === 'RecruitmentKpis' ? { data: { recruitmentKpis: kpisFixture() } } : regionsAnswer));
    renderWith(stub, <Overview codes={['15.71']} />);
    await screen.findByTestId('kpi-cards');
    await stub.subscribed('KpisUpdated');
    act(() => stub.push('KpisUpdated', { kpisUpdated: { ...kpisFixture('15.71', 'Kota Jambi', { applicants: 1500 }), __typename: 'RecruitmentKpis' } }));
    await waitFor(() => expect(screen.getByTestId('kpi-applicants').textContent).toBe('1.500'));
  });
});

/** The region page's queries, answered from fixtures by operation name. */
function regionData(name: string, extra: { needs: unknown[]; aspirations: Array<{ category: string; count: number }> }) {
  if (name === 'NeedsAnalysis') return { needsAnalysis: extra.needs.map((n) => ({ __typename: 'JobNeed', ...(n as object) })) };
  if (name === 'ServiceAspirations') {
    const byCategory = extra.aspirations.map((a) => ({ __typename: 'AspirationCategoryCount', ...a }));
    return { serviceAspirations: { __typename: 'AspirationSummary', total: extra.aspirations.reduce((s, a) => s + a.count, 0), byCategory, byUnit: [] } };
  }
  return { recruitmentKpis: name === 'RegionKpis' ? regionKpisFixture() : kpisFixture() };
}

describe('Wilayah (region)', () => {
  it('ranks formations by competition, lists unfilled ones, shows distributions, and says "no data yet" for IKM and needs', async () => {
    const stub = stubClient((name) => ({ data: regionData(name, { needs: [], aspirations: [] }) }));
    renderWith(stub, <RegionPage code="15.71" />);
    expect((await screen.findByTestId('region-name')).textContent).toBe('Kota Jambi');
    const competition = within(screen.getByTestId('competition'));
    const rows = competition.getAllByRole('row').slice(1);
    expect(rows.map((r) => r.querySelector('a')!.textContent)).toEqual(['2024-PEMKOT-JAMBI-006', '2024-PEMKOT-JAMBI-001']);
    expect(competition.getByText('300,0')).toBeTruthy();
    expect(competition.getByTestId('download-csv').textContent).toBe('Unduh CSV');
    expect(within(screen.getByTestId('unfilled')).getByText('2')).toBeTruthy(); // empty seats
    expect(within(screen.getByTestId('by-gender')).getByTestId('chart-alt').textContent).toContain('Perempuan');
    expect(within(screen.getByTestId('stages')).getByText('41 hari')).toBeTruthy();
    for (const id of ['ikm-elements', 'ikm-trend', 'aspirations'])
      expect(within(screen.getByTestId(id)).getByText('Belum ada data untuk ditampilkan.')).toBeTruthy();
    expect(within(screen.getByTestId('needs-gap')).getByText('Belum ada data untuk ditampilkan.')).toBeTruthy();
  });

  it('says "not found" for a region code that does not exist', async () => {
    const stub = stubClient(() => ({ data: { recruitmentKpis: null } }));
    renderWith(stub, <RegionPage code="99.99" />);
    expect((await screen.findByTestId('not-found')).textContent).toContain('Tidak ada wilayah dengan kode ini');
  });

  it('shows the needs gap still open after this year’s formations, aspirations by category, and the nine IKM elements, in English too', async () => {
    const stub = stubClient((name) => ({
      data: regionData(name, {
        // Need 40, 31 in post of whom 3 retire: gap 12; 5 seats opened leave 7 open.
        needs: [
          {
            jobTitle: 'Perawat Terampil',
            need: 40,
            currentStaff: 31,
            expectedRetirements: 3,
            gap: 12,
            formationsOpened: 5,
            formationsProposed: 0,
            hasNorm: true,
          },
        ],
        aspirations: [{ category: 'KESEHATAN', count: 12 }],
      }),
    }));
    renderWith(
      stub,
      <>
        <LanguageToggle />
        <RegionPage
          code="15.71"
          extras={{
            satisfaction: { elements: [{ element: 'U3', average: 2.9 }], trend: [{ period: '2024-S1', ikm: 78.2 }] },
          }}
        />
      </>,
    );
    await screen.findByTestId('region-name');
    fireEvent.click(screen.getByTestId('language-toggle'));
    const gapRow = (await within(screen.getByTestId('needs-gap')).findByText('Perawat Terampil')).closest('tr')!;
    expect([...gapRow.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['Perawat Terampil', '40', '31', '3', '5', '7']);
    expect(within(screen.getByTestId('aspirations')).getByTestId('chart-alt').textContent).toContain('Health');
    expect(within(screen.getByTestId('ikm-elements')).getByTestId('chart-alt').textContent).toContain('U3 Time to complete');
    expect(within(screen.getByTestId('competition')).getByText('Download CSV')).toBeTruthy();
    expect(screen.queryByText('Unduh CSV')).toBeNull();
  });
});

describe('Kepuasan (satisfaction)', () => {
  it('shows IKM with its grade colour, respondents below the sample as provisional, complaints and time to answer', () => {
    const stub = stubClient(() => ({ data: null }));
    renderWith(
      stub,
      <SatisfactionPage
        regionCode={null}
        data={{
          regions: [],
          units: [
            {
              key: 'PKM-PLAJU',
              name: 'Puskesmas Plaju',
              regionName: 'Plaju',
              ikm: { value: 82.4, grade: 'B' },
              respondents: 250,
              requiredSample: 381,
              complaints: { received: 14, answered: 12, medianHoursToAnswer: 30.5 },
            },
          ],
          elements: [],
          trend: [],
        }}
      />,
    );
    const units = within(screen.getByTestId('ikm-units'));
    expect(units.getByTestId('ikm-badge').className).toContain('ikm-b');
    expect(units.getByText('(sementara)')).toBeTruthy();
    expect(units.getByText('30,5')).toBeTruthy();
    expect(within(screen.getByTestId('ikm-regions')).getByText('Belum ada data untuk ditampilkan.')).toBeTruthy();
  });
});

describe('the live badge', () => {
  it('says "reconnecting" and keeps the time of the last update when the link drops', () => {
    const stub = stubClient(() => ({ data: null }));
    renderWith(stub, <LiveBadge updatedAt="2024-10-21T03:04:05.000Z" />);
    act(() => stub.connection.update({ state: 'connecting' }));
    expect(screen.getByTestId('live-status').textContent).toContain('Menyambung…');
    act(() => stub.connection.message());
    expect(screen.getByTestId('live-status').dataset.state).toBe('live');
    act(() => stub.connection.update({ state: 'reconnecting' }));
    expect(screen.getByTestId('live-status').textContent).toContain('Menyambung ulang');
    expect(screen.getByTestId('live-status').textContent).toContain('10.04.05');
  });
});
