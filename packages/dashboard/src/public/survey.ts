/**
 * `/survei/<unit code>` (or `#/survei/<unit code>`): the SKM form a resident opens from the QR
 * poster, one question per screen on a phone and all on one screen on a tablet; `?kiosk=1` turns a
 * tablet at the counter into a kiosk (activated by an official, resets after each response and
 * after 60 s idle, never navigates away, keeps the screen on); `/poster` prints the unit's A4 QR
 * poster. Plain DOM, no React. The server sends `/survei/<code>` as one self-contained document
 * (survey-document.ts, built by vite.config.ts) so a phone on Slow 3G renders the first question
 * from the first response; the hash route loads this module as boot.ts's lazy chunk.
 */
import { ApiError, call, deviceToken, h, storedToken, storeToken } from './api.ts';
import type { renderPoster } from './poster.ts';
import { formatIkm, QUESTIONS, STRINGS, type PublicLanguage } from './strings.ts';
import { keepScreenOn } from '../screen/keepScreenOn.ts';
import './public.css';

interface Unit {
  id: string;
  code: string;
  name: string;
  region: { code: string; name: string };
  currentSurveyPeriod: { label: string; closesAt: string } | null;
}

interface Index {
  serviceSatisfaction: { period: string | null; respondents: number; index: { converted: number; quality: string; performance: string } | null };
}

type Profile = Partial<Record<'gender' | 'ageBand' | 'education' | 'occupation', string>>;

interface Draft {
  answers: Array<number | null>;
  profile: Profile;
  comment: { kind: 'COMPLAINT' | 'SUGGESTION'; category: string; text: string };
  /** Phone only: the screen shown (0-8 questions, 9 profile, 10 comment). */
  step: number;
}

const IDLE_MS = 60_000;
const THANKS_MS = 10_000;
const STEPS = 11;

const root = document.getElementById('root')!;
// `/survei/<code>[/poster][?kiosk=1]`, or the same after `#` (the older links and the poster's hash route).
const onPath = window.location.pathname.startsWith('/survei/');
const [path = '', query = ''] = onPath ? [window.location.pathname, window.location.search.slice(1)] : window.location.hash.replace(/^#/, '').split('?');
const [, , rawCode = '', sub] = path.split('/');
const code = decodeURIComponent(rawCode);
const kiosk = new URLSearchParams(query).get('kiosk') === '1';
const kioskKey = `pantau:kiosk:${code}`;
// Bahasa Indonesia first; the toggle switches.
let language: PublicLanguage = 'id';
const t = () => STRINGS[language];
const tablet = () => window.matchMedia('(min-width: 48rem)').matches;
const newDraft = (): Draft => ({ answers: Array(9).fill(null), profile: {}, comment: { kind: 'SUGGESTION', category: 'OTHER', text: '' }, step: 0 });

let unit: Unit | null = null;
/** The unit's answer while it is on its way: the kiosk's activation form shows before it arrives. */
let unitLoading: Promise<Unit | null> | undefined;
let draft = newDraft();
let view: 'form' | 'thanks' | 'activate' | 'message' = 'form';
let message = '';
let thanks = '';
let busy = false;
let notice = '';

function setLanguage(next: PublicLanguage) {
  language = next;
  document.documentElement.lang = next;
  render();
}

function header() {
  const period = unit?.currentSurveyPeriod?.label;
  return h(
    'header',
    { class: kiosk ? 'public-header kiosk-header' : 'public-header' },
    h(
      'div',
      {},
      h('p', { class: 'public-kicker' }, t().skm),
      h('h1', {}, unit?.name ?? code),
      period ? h('p', { class: 'public-period' }, `${t().period} ${period}`) : null,
    ),
    h(
      'button',
      { type: 'button', class: 'public-language', lang: language === 'id' ? 'en' : 'id', onclick: () => setLanguage(language === 'id' ? 'en' : 'id') },
      t().languageToggle,
    ),
  );
}

function radio(name: string, value: string, label: string, checked: boolean, onchange: () => void) {
  return h('label', { class: 'choice' }, h('input', { type: 'radio', name, value, checked, onchange }), h('span', {}, label));
}

function questionFieldset(n: number) {
  const q = QUESTIONS[language][n]!;
  return h(
    'fieldset',
    { class: 'question', 'data-element': q.element },
    // elementtiming: the browser reports when each question is first painted (the Slow 3G test reads U1's).
    h(
      'legend',
      {},
      h('span', { class: 'question-number' }, t().question(n + 1, 9)),
      h('span', { class: 'question-text', elementtiming: `skm-${q.element}` }, q.question),
    ),
    h(
      'div',
      { class: 'choices' },
      ...q.answers.map((answer, i) =>
        radio(q.element, String(i + 1), answer, draft.answers[q.index] === i + 1, () => {
          draft.answers[q.index] = i + 1;
          touch();
          // On a phone the next question follows the answer.
          if (!tablet() && draft.step === n) window.setTimeout(() => go(n + 1), 180);
        }),
      ),
    ),
  );
}

function select(label: string, key: keyof Profile, options: Record<string, string>) {
  const id = `profile-${key}`;
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    h(
      'select',
      {
        id,
        onchange: (e: Event) => {
          draft.profile[key] = (e.target as HTMLSelectElement).value || undefined;
          touch();
        },
      },
      h('option', { value: '' }, t().notSaid),
      ...Object.entries(options).map(([value, text]) => h('option', { value, selected: draft.profile[key] === value }, text)),
    ),
  );
}

function profileFieldset() {
  const s = t();
  return h(
    'fieldset',
    { class: 'question profile' },
    h('legend', {}, h('span', { class: 'question-text' }, s.profileHeading)),
    h(
      'div',
      { class: 'choices' },
      ...Object.entries(s.genders).map(([value, text]) =>
        radio('gender', value, text, draft.profile.gender === value, () => {
          draft.profile.gender = value;
          touch();
        }),
      ),
    ),
    select(s.age, 'ageBand', s.ages),
    select(s.education, 'education', s.educations),
    select(s.occupation, 'occupation', s.occupations),
  );
}

function commentFieldset() {
  const s = t();
  return h(
    'fieldset',
    { class: 'question comment' },
    h('legend', {}, h('span', { class: 'question-text' }, s.commentHeading)),
    h(
      'div',
      { class: 'choices two' },
      ...(['COMPLAINT', 'SUGGESTION'] as const).map((kind) =>
        radio('comment-kind', kind, s.kinds[kind], draft.comment.kind === kind, () => {
          draft.comment.kind = kind;
          touch();
        }),
      ),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'comment-about' }, s.commentAbout),
      h(
        'select',
        {
          id: 'comment-about',
          onchange: (e: Event) => {
            draft.comment.category = (e.target as HTMLSelectElement).value;
            touch();
          },
        },
        h('option', { value: 'OTHER' }, s.aboutOther),
        ...Object.entries(s.elements).map(([element, name]) => h('option', { value: element, selected: draft.comment.category === element }, name)),
      ),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'comment-text' }, s.commentText),
      Object.assign(
        h('textarea', {
          id: 'comment-text',
          rows: 4,
          maxlength: 2000,
          oninput: (e: Event) => {
            draft.comment.text = (e.target as HTMLTextAreaElement).value;
            touch();
          },
        }),
        { value: draft.comment.text },
      ),
    ),
  );
}

function go(step: number) {
  draft.step = Math.max(0, Math.min(STEPS - 1, step));
  notice = '';
  render();
  root.querySelector<HTMLElement>('.question legend, .question input')?.focus?.();
}

function form() {
  const s = t();
  const paged = !tablet();
  const sections = [...QUESTIONS[language].map((_, n) => questionFieldset(n)), profileFieldset(), commentFieldset()];
  const shown = paged ? [sections[draft.step]!] : sections;
  const last = !paged || draft.step === STEPS - 1;
  const nav = h(
    'div',
    { class: 'form-actions' },
    paged && draft.step > 0 ? h('button', { type: 'button', class: 'secondary', onclick: () => go(draft.step - 1) }, s.back) : null,
    paged && !last
      ? h(
          'button',
          {
            type: 'button',
            class: 'primary',
            onclick: () => go(draft.step + 1),
            disabled: draft.step < 9 && draft.answers[QUESTIONS[language][draft.step]!.index] === null,
          },
          s.next,
        )
      : null,
    last ? h('button', { type: 'submit', class: 'primary', disabled: busy }, busy ? s.sending : s.send) : null,
  );
  const progress = paged ? h('progress', { max: STEPS, value: draft.step + 1, 'aria-label': s.question(Math.min(draft.step + 1, 9), 9) }) : null;
  return h(
    'form',
    { class: paged ? 'survey paged' : 'survey', novalidate: true, onsubmit: (e: Event) => (e.preventDefault(), void submit()) },
    h('p', { class: 'public-intro' }, s.intro),
    h('p', { class: 'anonymity' }, s.anonymity),
    progress,
    ...shown,
    notice ? h('p', { class: 'notice', role: 'alert' }, notice) : null,
    nav,
  );
}

/** What the official types to activate a kiosk; kept across renders, cleared once used. */
const credentials = { username: '', password: '' };

function activation() {
  const s = t();
  const input = (key: keyof typeof credentials, attributes: Record<string, unknown>) =>
    Object.assign(h('input', { ...attributes, oninput: (e: Event) => (credentials[key] = (e.target as HTMLInputElement).value) }), { value: credentials[key] });
  return h(
    'form',
    {
      class: 'survey activation',
      onsubmit: (e: Event) => {
        e.preventDefault();
        void activate();
      },
    },
    h('h2', {}, s.kioskActivate),
    h('p', {}, s.kioskActivateIntro),
    h('div', { class: 'field' }, h('label', { for: 'kiosk-user' }, s.username), input('username', { id: 'kiosk-user', autocomplete: 'username' })),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'kiosk-password' }, s.password),
      input('password', { id: 'kiosk-password', type: 'password', autocomplete: 'current-password' }),
    ),
    notice ? h('p', { class: 'notice', role: 'alert' }, notice) : null,
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'primary', disabled: busy }, s.activate)),
  );
}

function render() {
  document.title = `${t().skm}: ${unit?.name ?? code}`;
  const body =
    view === 'message'
      ? h('p', { class: 'notice big', role: 'status' }, message)
      : view === 'thanks'
        ? h(
            'div',
            { class: 'thanks', role: 'status' },
            h('p', { class: 'thanks-title' }, t().thanks),
            h('p', {}, thanks),
            kiosk ? h('p', { class: 'muted' }, t().kioskNext) : null,
          )
        : view === 'activate'
          ? activation()
          : form();
  root.replaceChildren(
    h(
      'div',
      { class: kiosk ? 'public-page kiosk' : 'public-page' },
      header(),
      h('main', { class: 'public-main' }, body),
      kiosk ? h('p', { class: 'kiosk-footer' }, t().anonymity) : null,
    ),
  );
}

function refusal(err: unknown): string {
  const s = t();
  const code = err instanceof ApiError ? err.code : 'ERROR';
  if (code === 'PERIOD_CLOSED' || code === 'PERIOD_NOT_FOUND') return s.closed;
  if (code === 'DUPLICATE_RESPONSE') return s.duplicate;
  if (code === 'RATE_LIMITED' || code === 'TOO_MANY_RESPONSES') return s.tooMany;
  if (code === 'NETWORK') return s.offline;
  return s.failed;
}

async function submit() {
  if (!unit || busy) return;
  const missing = QUESTIONS[language].filter((q) => draft.answers[q.index] === null);
  if (missing.length) {
    notice = t().missing(missing.map((q) => q.element).join(', '));
    if (!tablet()) draft.step = QUESTIONS[language].indexOf(missing[0]!);
    render();
    return;
  }
  busy = true;
  notice = '';
  render();
  const variables = {
    serviceUnitId: unit.id,
    answers: draft.answers,
    respondent: Object.keys(draft.profile).length ? draft.profile : null,
    comment: draft.comment.text.trim() ? { ...draft.comment, text: draft.comment.text.trim() } : null,
  };
  const send = async (renew: boolean) => call('SubmitSurveyResponse', { ...variables, deviceToken: kiosk ? storedToken(kioskKey) : await deviceToken(renew) });
  try {
    try {
      await send(false);
    } catch (err) {
      // An expired or unknown token (the server's secret changed): a phone asks for a new one once.
      if (!kiosk && err instanceof ApiError && (err.code === 'INVALID_DEVICE_TOKEN' || err.code === 'EXPIRED_DEVICE_TOKEN')) await send(true);
      else throw err;
    }
  } catch (err) {
    busy = false;
    if (kiosk && err instanceof ApiError && (err.code === 'INVALID_DEVICE_TOKEN' || err.code === 'EXPIRED_DEVICE_TOKEN')) {
      storeToken(kioskKey, null);
      view = 'activate';
    } else if (err instanceof ApiError && ['PERIOD_CLOSED', 'PERIOD_NOT_FOUND', 'DUPLICATE_RESPONSE'].includes(err.code)) {
      view = 'message';
      message = refusal(err);
      if (kiosk) window.setTimeout(reset, THANKS_MS);
    } else notice = refusal(err);
    render();
    return;
  }
  busy = false;
  thanks = '';
  view = 'thanks';
  render();
  try {
    const { serviceSatisfaction: sat } = await call<Index>('SurveyUnitIndex', { serviceUnitId: unit.id });
    thanks = sat.index
      ? t().currentIkm(
          formatIkm(sat.index.converted),
          sat.index.quality,
          t().performances[sat.index.performance] ?? sat.index.performance,
          sat.respondents,
          sat.period ?? '',
        )
      : t().noIkmYet;
  } catch {
    thanks = t().noIkmYet;
  }
  if (view === 'thanks') render();
  if (kiosk) window.setTimeout(reset, THANKS_MS);
}

async function activate() {
  busy = true;
  notice = '';
  render();
  try {
    // Pressed before the unit's answer arrived (a slow line): wait for it rather than do nothing.
    const serving = unit ?? (await unitLoading);
    if (!serving) throw new Error('no such unit');
    const { login } = await call<{ login: { token: string } }>('Login', { ...credentials });
    // The official's session is used once, for the kiosk token, and never stored.
    const { issueKioskToken } = await call<{ issueKioskToken: { token: string; expiresAt: string } }>(
      'IssueKioskToken',
      { serviceUnitId: serving.id },
      { authorization: `Bearer ${login.token}` },
    );
    storeToken(kioskKey, issueKioskToken);
    credentials.username = credentials.password = '';
    view = 'form';
  } catch {
    notice = t().activationFailed;
  }
  busy = false;
  render();
}

/** Back to a fresh form (kiosk): after a response, and after a minute without a touch. */
function reset() {
  draft = newDraft();
  notice = '';
  view = unit?.currentSurveyPeriod ? (storedToken(kioskKey) ? 'form' : 'activate') : 'message';
  render();
}

let idle = 0;
function touch() {
  if (!kiosk) return;
  window.clearTimeout(idle);
  idle = window.setTimeout(() => {
    if (view !== 'activate') reset();
  }, IDLE_MS);
}

function lockKiosk() {
  keepScreenOn();
  const here = window.location.href;
  // No navigation away: another hash is put back, links are not rendered, the back button stays.
  window.addEventListener('hashchange', () => {
    if (window.location.href !== here) history.replaceState(null, '', here);
  });
  history.pushState(null, '', window.location.href);
  window.addEventListener('popstate', () => history.pushState(null, '', window.location.href));
  document.addEventListener('contextmenu', (e) => e.preventDefault());
  for (const event of ['pointerdown', 'keydown', 'input']) document.addEventListener(event, touch, { passive: true });
  touch();
}

/**
 * Renders the page; `loadPoster` brings the poster's chunk (with its QR encoder) when the address
 * asks for the poster. The self-contained document passes none: the server sends it for the form
 * and kiosk only.
 */
export async function startSurvey(loadPoster?: () => Promise<{ renderPoster: typeof renderPoster }>) {
  document.documentElement.lang = language;
  const poster = sub === 'poster' ? loadPoster : undefined;
  // The questions need nothing from the server: they show at once, the unit's name when it arrives.
  if (poster) {
    view = 'message';
    message = t().loading;
  } else view = kiosk && !storedToken(kioskKey) ? 'activate' : 'form';
  render();
  performance.mark('pantau:survey-first-render');
  try {
    unitLoading = call<{ serviceUnit: Unit | null }>('SurveyUnit', { code }).then((r) => r.serviceUnit);
    unit = await unitLoading;
  } catch (err) {
    view = 'message';
    message = refusal(err);
    render();
    return;
  }
  if (!unit) {
    view = 'message';
    message = t().unknownUnit;
    render();
    return;
  }
  if (poster) {
    (await poster()).renderPoster(root, unit, language);
    return;
  }
  if (kiosk) lockKiosk();
  if (!unit.currentSurveyPeriod) {
    view = 'message';
    message = t().closed;
  } else if (!kiosk) {
    // A phone asks for its token while the resident reads the first question.
    void deviceToken().catch(() => {});
  }
  render();
  performance.mark('pantau:survey-ready');
}

window.matchMedia('(min-width: 48rem)').addEventListener('change', () => render());
