import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { Provider } from 'urql';
import { createPantauClient } from './client.ts';
import { Loading } from './components/States.tsx';
import { I18nProvider } from './i18n.ts';
import { ConnectionProvider, ConnectionStore } from './live/connection.ts';
import { parseRoute, useHash } from './router.ts';
import './styles.css';

// Two lazy chunks: the public screen's initial JavaScript stays small (no charts, no dashboard).
const Dashboard = lazy(() => import('./App.tsx'));
const PublicScreen = lazy(() => import('./screen/PublicScreen.tsx'));
const AspirationPage = lazy(() => import('./public/PublicPages.tsx').then((m) => ({ default: m.AspirationPage })));
const MyPage = lazy(() => import('./public/PublicPages.tsx').then((m) => ({ default: m.MyPage })));

function Root() {
  const route = parseRoute(useHash());
  if (route.page === 'aspiration')
    return (
      <Suspense fallback={<Loading />}>
        <AspirationPage code={route.code} />
      </Suspense>
    );
  if (route.page === 'mine')
    return (
      <Suspense fallback={<Loading />}>
        <MyPage />
      </Suspense>
    );
  return <Suspense fallback={<Loading />}>{route.page === 'screen' ? <PublicScreen route={route} /> : <Dashboard route={route} />}</Suspense>;
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

const connection = new ConnectionStore();
// `?transport=sse` forces Server-Sent Events for screens known to sit behind a WebSocket-blocking proxy.
const sse = /[?&]transport=sse\b/.test(window.location.search + window.location.hash);

createRoot(root).render(
  <StrictMode>
    <Provider value={createPantauClient(window.location, { connection, sse })}>
      <ConnectionProvider store={connection}>
        <I18nProvider>
          <Root />
        </I18nProvider>
      </ConnectionProvider>
    </Provider>
  </StrictMode>,
);
