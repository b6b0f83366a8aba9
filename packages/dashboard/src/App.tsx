import { useI18n } from './i18n.ts';
import { LiveStatus } from './LiveStatus.tsx';
import { RegionList } from './regions/RegionList.tsx';

/** Switches between Bahasa Indonesia and English; labelled in the language it switches to. */
export function LanguageToggle() {
  const { language, setLanguage, t } = useI18n();
  const next = language === 'id' ? 'en' : 'id';
  return (
    <button type="button" className="language-toggle" lang={next} onClick={() => setLanguage(next)} data-testid="language-toggle">
      {t.switchLanguage}
    </button>
  );
}

export function App() {
  const { t } = useI18n();
  return (
    <>
      <header className="page-header">
        <h1>{t.title}</h1>
        <div className="header-actions">
          <LiveStatus />
          <LanguageToggle />
        </div>
      </header>
      <main className="page">
        <RegionList />
      </main>
    </>
  );
}
