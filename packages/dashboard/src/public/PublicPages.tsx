/**
 * The residents' and applicants' own pages that live in the dashboard's React build (a lazy chunk
 * of their own): `/#/aspirasi/<region code>` (anonymous community input, then the region's counts
 * per category) and `/#/saya` (an applicant's own applications and scores per session, live). They use the same persisted
 * operations and device tokens as the survey form (api.ts), never the leadership pages' client.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ApiError, call, deviceToken, subscribe } from './api.ts';
import { PAGE_STRINGS, type PublicLanguage } from './strings.ts';
import './public.css';

type Strings = (typeof PAGE_STRINGS)['id'];

const dateFormat = (language: PublicLanguage) =>
  new Intl.DateTimeFormat(language === 'id' ? 'id-ID' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Asia/Jakarta' });

function Frame({
  title,
  language,
  setLanguage,
  children,
  actions,
}: {
  title: string;
  language: PublicLanguage;
  setLanguage: (l: PublicLanguage) => void;
  children: React.ReactNode;
  actions?: React.ReactNode;
}) {
  const t = PAGE_STRINGS[language];
  useEffect(() => {
    document.documentElement.lang = language;
    document.title = `${title} · Pantau`;
  }, [language, title]);
  return (
    <div className="public-page">
      <header className="public-header">
        <div>
          <p className="public-kicker">Pantau</p>
          <h1>{title}</h1>
        </div>
        <div className="public-actions">
          {actions}
          <button type="button" className="public-language" lang={language === 'id' ? 'en' : 'id'} onClick={() => setLanguage(language === 'id' ? 'en' : 'id')}>
            {t.languageToggle}
          </button>
        </div>
      </header>
      <main className="public-main">{children}</main>
    </div>
  );
}

interface Region {
  code: string;
  name: string;
  serviceUnits: Array<{ id: string; code: string; name: string }>;
}

interface Counts {
  total: number;
  byCategory: Array<{ category: string; count: number }>;
}

function refusal(err: unknown, t: Strings): string {
  const code = err instanceof ApiError ? err.code : 'ERROR';
  if (code === 'RATE_LIMITED') return t.tooMany;
  if (err instanceof ApiError && err.field === 'text') return t.tooShort;
  return t.failed;
}

export function AspirationPage({ code }: { code: string }) {
  const [language, setLanguage] = useState<PublicLanguage>('id');
  const t = PAGE_STRINGS[language];
  const [region, setRegion] = useState<Region | null | undefined>(undefined);
  const [category, setCategory] = useState('KESEHATAN');
  const [unit, setUnit] = useState('');
  const [text, setText] = useState('');
  const [state, setState] = useState<{ busy: boolean; error: string; counts: Counts | null }>({ busy: false, error: '', counts: null });

  useEffect(() => {
    call<{ region: Region | null }>('AspirationRegion', { code }).then(
      (r) => setRegion(r.region),
      () => setRegion(null),
    );
  }, [code]);

  const send = async (e: FormEvent) => {
    e.preventDefault();
    if (text.trim().length < 10) return setState((s) => ({ ...s, error: t.tooShort }));
    setState((s) => ({ ...s, busy: true, error: '' }));
    try {
      const input = { regionCode: code, category, text: text.trim(), serviceUnitId: unit || null };
      try {
        await call('SendAspiration', { input, deviceToken: await deviceToken() });
      } catch (err) {
        if (!(err instanceof ApiError && (err.code === 'INVALID_DEVICE_TOKEN' || err.code === 'EXPIRED_DEVICE_TOKEN'))) throw err;
        await call('SendAspiration', { input, deviceToken: await deviceToken(true) });
      }
      const { serviceAspirations } = await call<{ serviceAspirations: Counts }>('AspirationCounts', { regionCode: code });
      setState({ busy: false, error: '', counts: serviceAspirations });
    } catch (err) {
      setState((s) => ({ ...s, busy: false, error: refusal(err, t) }));
    }
  };

  const name = region?.name ?? code;
  return (
    <Frame title={t.aspirationTitle} language={language} setLanguage={setLanguage}>
      {region === undefined ? (
        <p role="status">{t.loading}</p>
      ) : region === null ? (
        <p className="notice big">{t.unknownRegion}</p>
      ) : state.counts ? (
        <section className="thanks" role="status">
          <p className="thanks-title">{t.sent}</p>
          <h2>{t.countsTitle(name)}</h2>
          <p>{t.total(state.counts.total)}</p>
          <ul className="counts" data-testid="aspiration-counts">
            {state.counts.byCategory.map((c) => (
              <li key={c.category} data-category={c.category}>
                <span>{t.categories[c.category] ?? c.category}</span>
                <span className="count-bar" style={{ width: `${(100 * c.count) / Math.max(1, state.counts!.total)}%` }} aria-hidden="true" />
                <strong>{c.count}</strong>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        <form className="survey" onSubmit={send} noValidate>
          <p className="public-intro">{t.aspirationIntro(name)}</p>
          <fieldset className="question">
            <legend>
              <span className="question-text">{t.category}</span>
            </legend>
            <div className="choices three">
              {Object.entries(t.categories).map(([value, label]) => (
                <label className="choice" key={value}>
                  <input type="radio" name="category" value={value} checked={category === value} onChange={() => setCategory(value)} />
                  <span>{label}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <div className="field">
            <label htmlFor="aspiration-unit">{t.unit}</label>
            <select id="aspiration-unit" value={unit} onChange={(e) => setUnit(e.target.value)}>
              <option value="">{t.anyUnit}</option>
              {region.serviceUnits.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="aspiration-text">{t.text}</label>
            <textarea id="aspiration-text" rows={5} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} />
          </div>
          {state.error && (
            <p className="notice" role="alert">
              {state.error}
            </p>
          )}
          <div className="form-actions">
            <button type="submit" className="primary" disabled={state.busy}>
              {t.send}
            </button>
          </div>
        </form>
      )}
    </Frame>
  );
}

interface Application {
  id: string;
  participantNumber: string;
  status: string;
  createdAt: string;
  verifiedAt: string | null;
  announcedAt: string | null;
  reannouncedAt: string | null;
  adminResult: string | null;
  tmsReason: string | null;
  appeal: { filedAt: string; decidedAt: string | null; decision: string | null } | null;
  formation: { id: string; code: string; jobTitle: string; agency: { name: string } };
  examCards: Array<{ participantNumber: string; examCardCode: string; session: { id: string } }>;
  examResults: ExamScore[];
}

interface ExamScore {
  participantNumber: string;
  twk: number | null;
  tiu: number | null;
  tkp: number | null;
  total: number | null;
  skb: number | null;
  version: number | null;
  corrected: boolean;
  absent: boolean;
  disqualified: boolean;
  session: { id: string; date: string; number: number; stage: string; status: string; site: { name: string } };
}

interface Announcement {
  id: string;
  stage: string;
  version: number;
  publishedAt: string;
  note: string | null;
}

const SESSION_KEY = 'pantau:applicant-session';

function readSession(): string | null {
  try {
    const s = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null') as { token: string; expiresAt: string } | null;
    return s && Date.parse(s.expiresAt) > Date.now() ? s.token : null;
  } catch {
    return null;
  }
}

function ApplicationCard({
  application,
  announcements,
  t,
  language,
}: {
  application: Application;
  announcements: Announcement[];
  t: Strings;
  language: PublicLanguage;
}) {
  const format = dateFormat(language);
  const steps: Array<[string, string | null | undefined]> = [
    ['createdAt', application.createdAt],
    ['verifiedAt', application.verifiedAt],
    ['announcedAt', application.announcedAt],
    ['filedAt', application.appeal?.filedAt],
    ['decidedAt', application.appeal?.decidedAt],
    ['reannouncedAt', application.reannouncedAt],
  ];
  return (
    <article className="question application" data-testid="my-application" data-status={application.status}>
      <h2 className="question-text">
        {application.formation.jobTitle} · {application.formation.agency.name}
      </h2>
      <p>
        {t.participant}: <strong>{application.participantNumber}</strong>
      </p>
      <p className="application-status" data-testid="application-status">
        {t.statuses[application.status] ?? application.status}
        {application.adminResult ? ` · ${t.results[application.adminResult]}` : ''}
      </p>
      <ol className="steps">
        {steps
          .filter(([, at]) => at)
          .map(([step, at]) => (
            <li key={step} data-step={step}>
              <span>{t.steps[step]}</span> <time dateTime={at!}>{format.format(new Date(at!))}</time>
            </li>
          ))}
      </ol>
      <h3>{t.announcements}</h3>
      {announcements.length ? (
        <ul data-testid="my-announcements">
          {announcements.map((a) => (
            <li key={a.id}>
              {t.stages[a.stage] ?? a.stage} ({t.version(a.version)}), <time dateTime={a.publishedAt}>{format.format(new Date(a.publishedAt))}</time>
              {a.note ? `: ${a.note}` : ''}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t.noAnnouncements}</p>
      )}
      <ExamScores application={application} t={t} language={language} />
      <a className="secondary link-button" href={`#/cek-skor?peserta=${encodeURIComponent(application.participantNumber)}`}>
        {t.verify}
      </a>
    </article>
  );
}

/** The applicant's score in each of their sessions, with the exam-card code and the link that checks it in the public score log. */
function ExamScores({ application, t, language }: { application: Application; t: Strings; language: PublicLanguage }) {
  if (!application.examResults.length) return null;
  const format = dateFormat(language);
  return (
    <>
      <h3>{t.scores}</h3>
      <ul className="exam-scores">
        {application.examResults.map((s) => {
          const card = application.examCards.find((c) => c.session.id === s.session.id);
          const recorded = s.total !== null || s.skb !== null;
          return (
            <li key={s.session.id} data-testid="my-score" data-stage={s.session.stage}>
              <p>
                <strong>
                  {t.session(s.session.stage, s.session.number, format.format(new Date(`${s.session.date}T12:00:00+07:00`)), s.session.site.name)}
                </strong>
              </p>
              {s.absent ? (
                <p>{t.absent}</p>
              ) : s.disqualified ? (
                <p>{t.disqualified}</p>
              ) : !recorded ? (
                <p className="muted">{t.noScore}</p>
              ) : s.session.stage === 'SKD' ? (
                <dl className="score-parts">
                  {(['twk', 'tiu', 'tkp'] as const).map((k) => (
                    <div key={k}>
                      <dt>{k.toUpperCase()}</dt>
                      <dd data-score={k}>{s[k]}</dd>
                    </div>
                  ))}
                  <div>
                    <dt>{t.skdTotal}</dt>
                    <dd data-score="total">{s.total}</dd>
                  </div>
                </dl>
              ) : (
                <p>
                  {t.skb}: <strong data-score="skb">{s.skb}</strong>
                </p>
              )}
              {s.corrected && s.version !== null && <p className="muted">{t.corrected(s.version)}</p>}
              {card && (
                <p>
                  {t.participant}: {s.participantNumber} · {t.examCardCode}: <code>{card.examCardCode}</code>
                </p>
              )}
              {recorded && (
                <a className="secondary link-button" href={`#/cek-skor?peserta=${encodeURIComponent(s.participantNumber)}`}>
                  {t.verifyThis}
                </a>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}

export function MyPage() {
  const [language, setLanguage] = useState<PublicLanguage>('id');
  const t = PAGE_STRINGS[language];
  const [token, setToken] = useState<string | null>(readSession);
  const [credentials, setCredentials] = useState({ email: '', password: '' });
  const [error, setError] = useState('');
  const [applications, setApplications] = useState<Application[] | null>(null);
  const [announcements, setAnnouncements] = useState<Record<string, Announcement[]>>({});
  const [live, setLive] = useState(false);

  const load = useCallback(async (session: string) => {
    try {
      const { me } = await call<{ me: { applications: Application[] } | null }>('MyApplications', {}, { authorization: `Bearer ${session}` });
      if (!me) throw new ApiError('UNAUTHENTICATED', 'no applicant');
      setApplications(me.applications);
      const lists = await Promise.all(
        me.applications.map(async (a) => {
          const r = await call<{ announcements: { edges: Array<{ node: Announcement }> } }>('FormationAnnouncements', { formationId: a.formation.id }).catch(
            () => null,
          );
          return [a.formation.id, r?.announcements.edges.map((e) => e.node) ?? []] as const;
        }),
      );
      setAnnouncements(Object.fromEntries(lists));
    } catch {
      sessionStorage.removeItem(SESSION_KEY);
      setToken(null);
    }
  }, []);

  useEffect(() => {
    if (!token) return;
    void load(token);
    // Live: each status change reloads the page's data (dates of every step, announcements).
    const stop = subscribe(
      'ApplicationStatusChanged',
      { authorization: `Bearer ${token}` },
      () => void load(token),
      () => setLive(false),
    );
    setLive(true);
    return () => {
      stop();
      setLive(false);
    };
  }, [token, load]);

  // Live scores: a push on any of the applicant's sessions (public, masked) reloads their own data,
  // at most once per half second however busy the session is.
  const sessionIds = [...new Set(applications?.flatMap((a) => a.examResults.map((s) => s.session.id)) ?? [])].sort().join(' ');
  useEffect(() => {
    if (!token || !sessionIds) return;
    let pending: ReturnType<typeof setTimeout> | null = null;
    const reload = () => {
      pending ??= setTimeout(() => {
        pending = null;
        void load(token);
      }, 500);
    };
    const stops = sessionIds.split(' ').map((sessionId) => subscribe('MySessionScores', {}, reload, () => {}, { sessionId }));
    return () => {
      for (const stop of stops) stop();
      if (pending) clearTimeout(pending);
    };
  }, [token, sessionIds, load]);

  const logIn = async (e: FormEvent) => {
    e.preventDefault();
    setError('');
    try {
      const { loginApplicant } = await call<{ loginApplicant: { token: string; expiresAt: string } }>('LoginApplicant', credentials);
      sessionStorage.setItem(SESSION_KEY, JSON.stringify(loginApplicant));
      setCredentials({ email: '', password: '' });
      setToken(loginApplicant.token);
    } catch {
      setError(t.loginFailed);
    }
  };

  const logOut = () => {
    sessionStorage.removeItem(SESSION_KEY);
    setToken(null);
    setApplications(null);
    setAnnouncements({});
  };

  return (
    <Frame
      title={t.loginTitle}
      language={language}
      setLanguage={setLanguage}
      actions={
        token ? (
          <button type="button" className="public-language" onClick={logOut}>
            {t.logout}
          </button>
        ) : null
      }
    >
      {!token ? (
        <form className="survey activation" onSubmit={logIn}>
          <p>{t.loginIntro}</p>
          <div className="field">
            <label htmlFor="applicant-email">{t.email}</label>
            <input
              id="applicant-email"
              type="email"
              autoComplete="username"
              value={credentials.email}
              onChange={(e) => setCredentials({ ...credentials, email: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor="applicant-password">{t.password}</label>
            <input
              id="applicant-password"
              type="password"
              autoComplete="current-password"
              value={credentials.password}
              onChange={(e) => setCredentials({ ...credentials, password: e.target.value })}
            />
          </div>
          {error && (
            <p className="notice" role="alert">
              {error}
            </p>
          )}
          <div className="form-actions">
            <button type="submit" className="primary">
              {t.login}
            </button>
          </div>
        </form>
      ) : applications === null ? (
        <p role="status">{t.loading}</p>
      ) : (
        <>
          {live && (
            <p className="muted" data-testid="my-live">
              {t.live}
            </p>
          )}
          {applications.length ? (
            applications.map((a) => (
              <ApplicationCard key={a.id} application={a} announcements={announcements[a.formation.id] ?? []} t={t} language={language} />
            ))
          ) : (
            <p>{t.noApplications}</p>
          )}
        </>
      )}
    </Frame>
  );
}
