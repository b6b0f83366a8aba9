/**
 * The page's first script. The residents' survey pages (`#/survei/...` or `/survei/...`: the SKM
 * form, its kiosk and poster) load their own small chunk without React, urql or charts, so a phone
 * on a slow network shows the form quickly; every other page loads the dashboard (main.tsx). Moving
 * between the two kinds of page reloads, since each owns the whole document. (The server sends
 * `/survei/<code>` itself as one self-contained document, survey-document.ts; this path serves it
 * in `vite` dev and for the poster.)
 */
const isSurvey = (hash: string) => /^#\/survei\//.test(hash);

const survey = window.location.pathname.startsWith('/survei/') || isSurvey(window.location.hash);
// A counter kiosk never leaves its form: it puts the hash back itself (public/survey.ts).
const kiosk = survey && /[?&]kiosk=1\b/.test(window.location.search + window.location.hash);
// Two statements, so that each import preloads only its own chunks.
if (survey) {
  void import('./public/survey.ts').then(({ startSurvey }) => startSurvey(() => import('./public/poster.ts')));
}
if (!survey) {
  void import('./main.tsx');
}

window.addEventListener('hashchange', () => {
  if (!kiosk && isSurvey(window.location.hash) !== survey) window.location.reload();
});
