import { describe, expect, it } from 'vitest';
import { hashParam, href, parseRoute, withHashParam } from './router.ts';

describe('hash parameters', () => {
  it('reads and sets one query parameter, keeping the path and the others', () => {
    expect(hashParam('#/wilayah/15.71?tahun=2023&lang=en', 'tahun')).toBe('2023');
    expect(hashParam('#/wilayah/15.71', 'tahun')).toBeNull();
    expect(withHashParam('#/wilayah/15.71?lang=en', 'tahun', '2023')).toBe('#/wilayah/15.71?lang=en&tahun=2023');
    expect(withHashParam('#/wilayah/15.71?tahun=2023', 'tahun', null)).toBe('#/wilayah/15.71');
  });
});

describe('routes', () => {
  it('reads every page from the hash, codes with dots included', () => {
    expect(parseRoute('')).toEqual({ page: 'overview' });
    expect(parseRoute('#/')).toEqual({ page: 'overview' });
    expect(parseRoute('#/wilayah/16.71.14')).toEqual({ page: 'region', code: '16.71.14' });
    expect(parseRoute('#/formasi/Rm9ybWF0aW9uOjE%3D')).toEqual({ page: 'formation', id: 'Rm9ybWF0aW9uOjE=' });
    expect(parseRoute('#/kepuasan')).toEqual({ page: 'satisfaction', code: null });
    expect(parseRoute('#/cek-skor')).toEqual({ page: 'verify' });
    const screen = parseRoute('#/layar/lokasi/TL-JAMBI?detik=20');
    expect(screen).toMatchObject({ page: 'screen', mode: 'lokasi', key: 'TL-JAMBI' });
    expect(screen.page === 'screen' && screen.params.get('detik')).toBe('20');
  });

  it('sends anything else to "not found"', () => {
    for (const hash of ['#/nope', '#/wilayah', '#/wilayah/15/71', '#/layar/kiosk/1', '#/layar/sesi', '#/cek-skor/x'])
      expect(parseRoute(hash)).toEqual({ page: 'notFound' });
  });

  it('writes links that read back as the same route', () => {
    for (const route of [
      { page: 'overview' },
      { page: 'region', code: '15.71' },
      { page: 'formation', id: 'Rm9ybWF0aW9uOjE=' },
      { page: 'satisfaction', code: '33.74' },
      { page: 'verify' },
    ] as const) {
      expect(parseRoute(href(route))).toEqual(route);
    }
    expect(href({ page: 'screen', mode: 'wilayah', key: '15.71', params: new URLSearchParams('detik=10') })).toBe('#/layar/wilayah/15.71?detik=10');
  });
});
