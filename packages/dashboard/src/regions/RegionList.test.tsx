import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { RegionsQuery } from '@pantau/schema';
import { Client, Provider, fetchExchange } from 'urql';
import { afterEach, describe, expect, it } from 'vitest';
import { LanguageToggle } from '../components/LanguageToggle.tsx';
import { I18nProvider } from '../i18n.ts';
import { RegionList } from './RegionList.tsx';

afterEach(cleanup);

const regions: RegionsQuery['regions'] = [
  { id: 'UmVnaW9uOjE=', code: '15', bpsCode: '15', name: 'Jambi', kind: 'PROVINCE', population: 3_679_200, parent: null },
  {
    id: 'UmVnaW9uOjI=',
    code: '15.04',
    bpsCode: '1504',
    name: 'Batanghari',
    kind: 'KABUPATEN',
    population: 320_538,
    parent: { id: 'UmVnaW9uOjE=', code: '15', name: 'Jambi' },
  },
  {
    id: 'UmVnaW9uOjM=',
    code: '15.71',
    bpsCode: '1571',
    name: 'Kota Jambi',
    kind: 'KOTA',
    population: 649_656,
    parent: { id: 'UmVnaW9uOjE=', code: '15', name: 'Jambi' },
  },
  {
    id: 'UmVnaW9uOjQ=',
    code: '16.71.14',
    bpsCode: null,
    name: 'Plaju',
    kind: 'KECAMATAN',
    population: null,
    parent: { id: 'UmVnaW9uOjU=', code: '16.71', name: 'Kota Palembang' },
  },
];

/**
 * A real urql Client whose transport is a stub: the query goes through urql's own fetchExchange
 * and `answer` plays the server. (`wonka`'s `fromValue`, the usual stub, is not resolvable from
 * this package under pnpm, and urql 5 does not re-export it.)
 */
function stubClient(answer: () => Promise<Response>): Client {
  return new Client({ url: 'http://pantau.test/graphql', exchanges: [fetchExchange], fetch: answer });
}

const json = (body: unknown) => Promise.resolve(new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } }));

function renderRegions(client: Client) {
  return render(
    <Provider value={client}>
      <I18nProvider initialLanguage="id">
        <LanguageToggle />
        <RegionList />
      </I18nProvider>
    </Provider>,
  );
}

describe('RegionList', () => {
  it('lists every region with its Indonesian kind, both codes, id-ID population and parent', async () => {
    renderRegions(stubClient(() => json({ data: { regions } })));

    const rows = await screen.findAllByTestId('region-row');
    expect(rows.map((row) => within(row).getByTestId('region-name').textContent)).toEqual(['Jambi', 'Batanghari', 'Kota Jambi', 'Plaju']);

    const kotaJambi = screen.getByText('Kota Jambi').closest('tr')!;
    expect(within(kotaJambi).getByTestId('region-kind').textContent).toBe('Kota');
    expect(within(kotaJambi).getByTestId('region-code').textContent).toBe('15.71');
    expect(within(kotaJambi).getByTestId('region-bps-code').textContent).toBe('1571');
    expect(within(kotaJambi).getByTestId('region-population').textContent).toBe('649.656');
    expect(within(kotaJambi).getByTestId('region-parent').textContent).toBe('Jambi');

    for (const label of ['Provinsi', 'Kabupaten', 'Kecamatan', 'Kode Kemendagri', 'Kode BPS', 'Penduduk', 'Jenis']) {
      expect(screen.getAllByText(label).length).toBeGreaterThan(0);
    }
    expect(screen.getByText('3.679.200')).toBeTruthy();
    expect(screen.getByRole('heading', { name: /Wilayah/ }).textContent).toContain('(4)');

    // A kecamatan without BPS code or population shows a dash, not "null" or "0".
    const plaju = screen.getByText('Plaju').closest('tr')!;
    expect(within(plaju).getByTestId('region-bps-code').textContent).toBe('—');
    expect(within(plaju).getByTestId('region-population').textContent).toBe('—');
  });

  it('switches its labels to English and back', async () => {
    renderRegions(stubClient(() => json({ data: { regions } })));
    await screen.findAllByTestId('region-row');

    fireEvent.click(screen.getByTestId('language-toggle'));

    for (const label of ['Regions', 'Kind', 'Kemendagri code', 'BPS code', 'Population', 'Province', 'Regency', 'City', 'District']) {
      expect(screen.getAllByText(new RegExp(`^${label}`)).length).toBeGreaterThan(0);
    }
    expect(screen.queryByText('Penduduk')).toBeNull();
    expect(screen.queryByText('Provinsi')).toBeNull();
    expect(screen.getByText('649.656')).toBeTruthy();
    expect(document.documentElement.lang).toBe('en');
    expect(screen.getByTestId('language-toggle').textContent).toBe('Bahasa Indonesia');

    fireEvent.click(screen.getByTestId('language-toggle'));
    expect(screen.getByText('Penduduk')).toBeTruthy();
    expect(document.documentElement.lang).toBe('id');
  });

  it('says it is loading, in Indonesian, until the server answers', () => {
    renderRegions(stubClient(() => new Promise<Response>(() => {})));
    expect(screen.getByTestId('regions-loading').textContent).toBe('Memuat…');
  });

  it('says loading failed, in Indonesian, when the server errs', async () => {
    renderRegions(stubClient(() => json({ errors: [{ message: 'database unavailable' }] })));
    const error = await screen.findByTestId('regions-error');
    expect(error.textContent).toContain('Gagal memuat data');
    expect(error.textContent).toContain('database unavailable');
  });
});
