/**
 * `/survei/<code>/poster` (or `#/survei/<code>/poster`): the unit's A4 poster for the counter, with
 * the QR code of its survey form drawn in the browser (uqr) as SVG, so it prints sharp at any size.
 * A chunk of its own: the form never loads the QR encoder.
 */
import { qrModules } from '../components/qr.ts';
import { h } from './api.ts';
import { STRINGS, type PublicLanguage } from './strings.ts';

interface PosterUnit {
  code: string;
  name: string;
  region: { name: string };
  currentSurveyPeriod: { label: string } | null;
}

const SVG = 'http://www.w3.org/2000/svg';

/** The QR code of `text` as an SVG element: one path of dark modules, with the standard quiet zone. */
export function qrSvg(text: string, label: string): SVGSVGElement {
  const { size, path: d } = qrModules(text);
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${size} ${size}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.setAttribute('shape-rendering', 'crispEdges');
  svg.setAttribute('class', 'poster-qr');
  const background = document.createElementNS(SVG, 'rect');
  background.setAttribute('width', String(size));
  background.setAttribute('height', String(size));
  background.setAttribute('fill', '#fff');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', d);
  path.setAttribute('fill', '#000');
  svg.append(background, path);
  return svg;
}

/** Renders the poster of `unit` into `root`. */
export function renderPoster(root: HTMLElement, unit: PosterUnit, language: PublicLanguage): void {
  const s = STRINGS[language];
  // The fast address: the server sends the form as one document there (a phone on Slow 3G sees it in under 3 s).
  const url = `${window.location.origin}/survei/${encodeURIComponent(unit.code)}`;
  document.title = `${s.skm}: ${unit.name}`;
  document.documentElement.lang = language;
  root.replaceChildren(
    h(
      'main',
      { class: 'poster' },
      h('p', { class: 'poster-kicker' }, s.skm),
      h('h1', {}, s.posterTitle),
      h('p', { class: 'poster-unit' }, unit.name),
      h('p', { class: 'poster-region' }, unit.region.name, unit.currentSurveyPeriod ? ` · ${s.period} ${unit.currentSurveyPeriod.label}` : ''),
      qrSvg(url, `QR: ${url}`),
      h('p', { class: 'poster-url' }, url),
      h('p', { class: 'poster-scan' }, s.posterScan, ' ', s.posterMinutes),
      h('p', { class: 'poster-anonymity' }, s.anonymity),
      h('button', { type: 'button', class: 'primary poster-print', onclick: () => window.print() }, s.print),
    ),
  );
  performance.mark('pantau:poster-ready');
}
