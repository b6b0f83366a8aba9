import { useI18n } from '../i18n.ts';

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
