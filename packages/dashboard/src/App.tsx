/** The dashboard (a lazy chunk of its own: the public screen never loads it or its charts). */
import { Crashed, ErrorBoundary, LiveBadge, NotFound, SkipLink } from './components/States.tsx';
import { LanguageToggle } from './components/LanguageToggle.tsx';
import { useI18n } from './i18n.ts';
import { FEATURED_REGIONS, Overview } from './pages/Overview.tsx';
import { FormationPage } from './pages/FormationPage.tsx';
import { RegionPage } from './pages/RegionPage.tsx';
import { SatisfactionPage } from './pages/SatisfactionPage.tsx';
import { href, type Route } from './router.ts';
import { VerifyScorePage } from './verify/VerifyScorePage.tsx';
import { verifyStrings } from './verify/strings.ts';

function featuredFromHash(): readonly string[] {
  const list = new URLSearchParams(window.location.hash.split('?')[1] ?? '').get('wilayah');
  return list ? list.split(',').filter(Boolean) : FEATURED_REGIONS;
}

function Page({ route }: { route: Exclude<Route, { page: 'screen' }> }) {
  switch (route.page) {
    case 'overview':
      return <Overview codes={featuredFromHash()} />;
    case 'region':
      return <RegionPage code={route.code} />;
    case 'formation':
      return <FormationPage id={route.id} />;
    case 'satisfaction':
      return <SatisfactionPage regionCode={route.code} />;
    case 'verify':
      return <VerifyScorePage />;
    case 'notFound':
      return <NotFound what="page" />;
  }
}

export default function App({ route }: { route: Exclude<Route, { page: 'screen' }> }) {
  const { t, language } = useI18n();
  const current = route.page;
  return (
    <>
      <SkipLink />
      <header className="page-header">
        <h1>
          <a href={href({ page: 'overview' })}>{t.title}</a>
        </h1>
        <nav aria-label="Pantau">
          <a href={href({ page: 'overview' })} aria-current={current === 'overview' ? 'page' : undefined}>
            {t.nav.overview}
          </a>
          <a href={href({ page: 'satisfaction', code: null })} aria-current={current === 'satisfaction' ? 'page' : undefined}>
            {t.nav.satisfaction}
          </a>
          <a href={href({ page: 'verify' })} aria-current={current === 'verify' ? 'page' : undefined}>
            {verifyStrings[language].nav}
          </a>
        </nav>
        <div className="header-actions">
          <LiveBadge updatedAt={null} />
          <LanguageToggle />
        </div>
      </header>
      <main className="page" id="main" tabIndex={-1}>
        <ErrorBoundary key={JSON.stringify(route)} fallback={<Crashed />}>
          <Page route={route} />
        </ErrorBoundary>
      </main>
    </>
  );
}
