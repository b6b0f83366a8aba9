/**
 * The QR code of the "Cek skor" page on the kiosk: a participant in the room scans it and checks
 * their own score against the signed score log on their own phone (the kiosk has no keyboard and
 * shows masked numbers only). Drawn in the browser, in the public screen's chunk.
 */
import { useMemo } from 'react';
import { qrModules } from '../components/qr.ts';
import { useI18n } from '../i18n.ts';
import { href } from '../router.ts';

/** The address of the "Cek skor" page on this server, in the screen's language. */
export function checkScoreUrl(location: Pick<Location, 'origin' | 'pathname'>, language: string): string {
  return `${location.origin}${location.pathname}${language === 'en' ? '?lang=en' : ''}${href({ page: 'verify' })}`;
}

export function CheckScoreQr() {
  const { t, language } = useI18n();
  const url = checkScoreUrl(window.location, language);
  const { size, path } = useMemo(() => qrModules(url), [url]);
  return (
    <figure className="check-score-qr" data-testid="check-score-qr">
      <svg viewBox={`0 0 ${size} ${size}`} role="img" aria-label={t.screen.checkScoreQr} shapeRendering="crispEdges" data-url={url}>
        <rect width={size} height={size} fill="#fff" />
        <path d={path} fill="#000" />
      </svg>
      <figcaption>
        {t.screen.checkScore} <a href={url}>{url.replace(/^https?:\/\//, '')}</a>
      </figcaption>
    </figure>
  );
}
