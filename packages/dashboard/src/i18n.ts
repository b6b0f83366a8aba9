import type { RegionKind } from '@pantau/schema';
import { createContext, createElement, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

export type Language = 'id' | 'en';

export interface Messages {
  title: string;
  /** Label of the toggle: the language it switches *to*, in that language. */
  switchLanguage: string;
  regions: string;
  name: string;
  kind: string;
  kemendagriCode: string;
  bpsCode: string;
  population: string;
  parent: string;
  loading: string;
  loadFailed: string;
  noRegions: string;
  live: string;
  waitingForServer: string;
  regionKinds: Record<RegionKind, string>;
}

const dictionary: Record<Language, Messages> = {
  id: {
    title: 'Pantau — Rekrutmen ASN yang transparan',
    switchLanguage: 'English',
    regions: 'Wilayah',
    name: 'Nama',
    kind: 'Jenis',
    kemendagriCode: 'Kode Kemendagri',
    bpsCode: 'Kode BPS',
    population: 'Penduduk',
    parent: 'Induk',
    loading: 'Memuat…',
    loadFailed: 'Gagal memuat data',
    noRegions: 'Belum ada wilayah.',
    live: 'Langsung',
    waitingForServer: 'Menunggu server…',
    regionKinds: { PROVINCE: 'Provinsi', KABUPATEN: 'Kabupaten', KOTA: 'Kota', KECAMATAN: 'Kecamatan' },
  },
  en: {
    title: 'Pantau — Transparent ASN recruitment',
    switchLanguage: 'Bahasa Indonesia',
    regions: 'Regions',
    name: 'Name',
    kind: 'Kind',
    kemendagriCode: 'Kemendagri code',
    bpsCode: 'BPS code',
    population: 'Population',
    parent: 'Parent',
    loading: 'Loading…',
    loadFailed: 'Failed to load data',
    noRegions: 'No regions yet.',
    live: 'Live',
    waitingForServer: 'Waiting for the server…',
    regionKinds: { PROVINCE: 'Province', KABUPATEN: 'Regency', KOTA: 'City', KECAMATAN: 'District' },
  },
};

const indonesianNumbers = new Intl.NumberFormat('id-ID');

/** Counts read the Indonesian way ("649.656") in both languages: the figures are Indonesian statistics. */
export function formatCount(value: number): string {
  return indonesianNumbers.format(value);
}

interface I18n {
  language: Language;
  t: Messages;
  setLanguage: (language: Language) => void;
}

const I18nContext = createContext<I18n | null>(null);

/** Bahasa Indonesia unless told otherwise; the page's `lang` follows so screen readers do too. */
export function I18nProvider({ children, initialLanguage = 'id' }: { children: ReactNode; initialLanguage?: Language }) {
  const [language, setLanguage] = useState<Language>(initialLanguage);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const value = useMemo(() => ({ language, setLanguage, t: dictionary[language] }), [language]);
  return createElement(I18nContext.Provider, { value }, children);
}

/** The current language's labels; throws outside {@link I18nProvider} so a missing provider is loud. */
export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n() needs an <I18nProvider> above it');
  return i18n;
}
