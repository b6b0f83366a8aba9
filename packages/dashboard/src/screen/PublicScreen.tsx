/**
 * Layar publik: the kiosk page for test-site screens and the web, no login. Full screen, large
 * type, masked identities (the server masks them for the public), movement arrows; it rotates
 * through a site's sessions or a region's formations on a timer, shows the link state and the
 * time of the last update, reconnects by itself and keeps the screen awake. Its own lazy chunk:
 * no charts, no dashboard code.
 */
import { ExamSiteSessionsDocument, FormationsDocument, ScreenRegionDocument, ScreenSitesDocument, SiteSessionsDocument } from '@pantau/schema';
import { useCallback, useMemo, useState } from 'react';
import { useQuery, useSubscription } from 'urql';
import { LanguageToggle } from '../components/LanguageToggle.tsx';
import { Crashed, ErrorBoundary, LiveBadge, Loading, NotFound, SkipLink } from '../components/States.tsx';
import { formatCount, formatTime, useI18n, usePageTitle } from '../i18n.ts';
import type { Route } from '../router.ts';
import { CheckScoreQr } from './CheckScoreQr.tsx';
import { LedgerFingerprint } from '../verify/LedgerFingerprint.tsx';
import { RankingBoard, SessionBoard, useNow, type BoardProps } from './boards.tsx';
import { sessionsToShow, todayInWib } from './rotation.ts';
import { useWakeLock } from './wakeLock.ts';

type ScreenRoute = Extract<Route, { page: 'screen' }>;

interface Settings {
  seconds: number;
  rowsPerPage: number;
  onUpdate: (at: string) => void;
  /** `?cari=0012`: a kiosk has no keyboard, so the search is in its address. */
  search?: string;
}

function numberParam(params: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const value = Number(params.get(name));
  return Number.isFinite(value) && value >= min && value <= max ? Math.round(value) : fallback;
}

/** Shows items one after the other: each board calls `next` after its last page. */
function Rotation({ ids, Board, settings, label }: { ids: string[]; Board: (p: BoardProps) => React.ReactNode; settings: Settings; label: string }) {
  const { t } = useI18n();
  const [index, setIndex] = useState(0);
  const next = useCallback(() => setIndex((i) => (i + 1) % Math.max(1, ids.length)), [ids.length]);
  const id = ids[index % ids.length]!;
  return (
    <>
      {ids.length > 1 && (
        <p className="rotation" data-testid="rotation">
          {label} {index + 1} {t.screen.of} {formatCount(ids.length)}
        </p>
      )}
      <Board
        key={id}
        id={id}
        seconds={settings.seconds}
        rowsPerPage={settings.rowsPerPage}
        onCycle={ids.length > 1 ? next : undefined}
        onUpdate={settings.onUpdate}
        search={settings.search}
      />
    </>
  );
}

function SiteScreen({ code, settings }: { code: string; settings: Settings }) {
  const { t } = useI18n();
  const [sites] = useQuery({ query: ScreenSitesDocument });
  const site = sites.data?.examSites.find((s) => s.code === code);
  const [sessions] = useQuery({ query: SiteSessionsDocument, variables: { siteId: site?.id ?? '' }, pause: !site });
  // The site's sessions live: a session started (or scheduled, or closed) changes what the screen rotates through.
  const [live] = useSubscription({ query: ExamSiteSessionsDocument, variables: { siteId: site?.id ?? '' }, pause: !site });
  const list = live.data?.examSiteSessions.sessions ?? sessions.data?.examSessions;
  const ids = useMemo(() => sessionsToShow(list ?? [], todayInWib()).map((s) => s.id), [list]);
  if (!sites.data) return <Loading />;
  if (!site) return <NotFound what="site" detail={code} />;
  if (!list) return <Loading />;
  if (!ids.length) return <p className="notice">{t.screen.noSessions}</p>;
  return <Rotation key={ids.join()} ids={ids} Board={SessionBoard} settings={settings} label={t.screen.session} />;
}

function RegionScreen({ code, settings }: { code: string; settings: Settings }) {
  const { t } = useI18n();
  const [region] = useQuery({ query: ScreenRegionDocument, variables: { code } });
  const [formations] = useQuery({ query: FormationsDocument, variables: { regionCode: code, first: 100 }, pause: !region.data?.region });
  // Most applicants first: the formations people watch.
  const ids = useMemo(
    () => [...(formations.data?.formations.edges ?? [])].sort((a, b) => b.node.applicantCount - a.node.applicantCount).map((e) => e.node.id),
    [formations.data],
  );
  if (!region.data) return <Loading />;
  if (!region.data.region) return <NotFound what="region" detail={code} />;
  if (!formations.data) return <Loading />;
  if (!ids.length) return <p className="notice">{t.screen.noFormations}</p>;
  return <Rotation ids={ids} Board={RankingBoard} settings={settings} label={t.screen.formation} />;
}

/** The time of day in WIB, large, so people in the room know how current the board is. */
function Clock() {
  const { t } = useI18n();
  const now = useNow();
  return (
    <span className="clock" data-testid="clock">
      <span className="visually-hidden">{t.screen.clock} </span>
      <time dateTime={new Date(now).toISOString()}>{formatTime(now)} WIB</time>
    </span>
  );
}

export default function PublicScreen({ route }: { route: ScreenRoute }) {
  const { t } = useI18n();
  usePageTitle(t.screen.title, route.key);
  useWakeLock();
  const [updatedAt, setUpdatedAt] = useState<string | null>(null);
  const settings: Settings = {
    seconds: numberParam(route.params, 'detik', 15, 3, 600),
    rowsPerPage: numberParam(route.params, 'baris', 12, 3, 50),
    onUpdate: setUpdatedAt,
    search: route.params.get('cari')?.trim() || undefined,
  };
  const fullscreen = () => void document.documentElement.requestFullscreen?.().catch(() => {});
  return (
    <div className="screen" data-testid="public-screen">
      <SkipLink />
      <header className="screen-header">
        <h1>Pantau · {t.screen.title}</h1>
        <div className="header-actions">
          <Clock />
          <LiveBadge updatedAt={updatedAt} />
          {document.fullscreenEnabled && (
            <button type="button" className="language-toggle" onClick={fullscreen}>
              {t.screen.fullscreen}
            </button>
          )}
          <LanguageToggle />
        </div>
      </header>
      <main className="screen-main" id="main" tabIndex={-1}>
        <ErrorBoundary key={`${route.mode}/${route.key}`} fallback={<Crashed />}>
          {route.mode === 'sesi' && <SessionBoard id={route.key} {...settings} />}
          {route.mode === 'formasi' && <RankingBoard id={route.key} {...settings} />}
          {route.mode === 'lokasi' && <SiteScreen code={route.key} settings={settings} />}
          {route.mode === 'wilayah' && <RegionScreen code={route.key} settings={settings} />}
        </ErrorBoundary>
      </main>
      <footer className="screen-footer">
        <CheckScoreQr />
        <LedgerFingerprint />
      </footer>
    </div>
  );
}
