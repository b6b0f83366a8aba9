/**
 * Hash routes (`#/wilayah/15.71`): the server serves index.html at `/` whatever the hash, and
 * Kemendagri codes with dots never look like file names to it. Pages: Ringkasan, Wilayah, Formasi,
 * Kepuasan, and the public screen (Layar) for a session, a site, a formation or a region.
 */
import { useSyncExternalStore } from 'react';

export type ScreenMode = 'sesi' | 'lokasi' | 'formasi' | 'wilayah';

export type Route =
  | { page: 'overview' }
  | { page: 'region'; code: string }
  | { page: 'formation'; id: string }
  | { page: 'satisfaction'; code: string | null }
  | { page: 'verify' }
  | { page: 'screen'; mode: ScreenMode; key: string; params: URLSearchParams }
  | { page: 'aspiration'; code: string }
  | { page: 'mine' }
  | { page: 'notFound' };

const SCREEN_MODES: readonly ScreenMode[] = ['sesi', 'lokasi', 'formasi', 'wilayah'];

/** The route a location hash names ("" and "#/" are the overview). */
export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const [head, a, b] = parts;
  if (!head) return { page: 'overview' };
  if (head === 'wilayah' && a && parts.length === 2) return { page: 'region', code: a };
  if (head === 'formasi' && a && parts.length === 2) return { page: 'formation', id: a };
  if (head === 'cek-skor' && parts.length === 1) return { page: 'verify' };
  if (head === 'kepuasan' && parts.length <= 2) return { page: 'satisfaction', code: a ?? null };
  if (head === 'layar' && SCREEN_MODES.includes(a as ScreenMode) && b && parts.length === 3) {
    return { page: 'screen', mode: a as ScreenMode, key: b, params: new URLSearchParams(query) };
  }
  if (head === 'aspirasi' && a && parts.length === 2) return { page: 'aspiration', code: a };
  if (head === 'saya' && parts.length === 1) return { page: 'mine' };
  return { page: 'notFound' };
}

/** The hash of a route, for links. */
export function href(route: Exclude<Route, { page: 'notFound' }>): string {
  const e = encodeURIComponent;
  switch (route.page) {
    case 'overview':
      return '#/';
    case 'region':
      return `#/wilayah/${e(route.code)}`;
    case 'formation':
      return `#/formasi/${e(route.id)}`;
    case 'satisfaction':
      return route.code ? `#/kepuasan/${e(route.code)}` : '#/kepuasan';
    case 'aspiration':
      return `#/aspirasi/${e(route.code)}`;
    case 'mine':
      return '#/saya';
    case 'verify':
      return '#/cek-skor';
    case 'screen': {
      const query = route.params.toString();
      return `#/layar/${route.mode}/${e(route.key)}${query ? `?${query}` : ''}`;
    }
  }
}

function subscribe(onChange: () => void) {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** A parameter of the hash's query (`#/wilayah/15.71?tahun=2024`), null when absent. */
export function hashParam(hash: string, name: string): string | null {
  return new URLSearchParams(hash.split('?')[1] ?? '').get(name);
}

/** The hash with one query parameter set (or removed with null), the path kept. */
export function withHashParam(hash: string, name: string, value: string | null): string {
  const [path = '#/', query = ''] = hash.split('?');
  const params = new URLSearchParams(query);
  if (value === null) params.delete(name);
  else params.set(name, value);
  const rest = params.toString();
  return rest ? `${path}?${rest}` : path;
}

/** The current location hash, re-rendering on change. */
export function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}
