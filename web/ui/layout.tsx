import { useEffect, useRef, type ReactNode } from 'react';
import { useBranding } from './branding';
import { LOCALE_NAMES, LOCALES, useLocale, useMessages } from './i18n';

const messages = {
  fr: { skipLink: 'Aller au contenu', language: 'Langue' },
  en: { skipLink: 'Skip to content', language: 'Language' },
};

export const MAIN_ID = 'main';

export function LanguageSwitch() {
  const { locale, setLocale } = useLocale();
  const t = useMessages(messages);
  return (
    <div className="language-switch" role="group" aria-label={t.language}>
      {LOCALES.map((option) => (
        <button
          key={option}
          type="button"
          lang={option}
          className="language-switch__option"
          aria-pressed={option === locale}
          onClick={() => setLocale(option)}
        >
          {LOCALE_NAMES[option]}
        </button>
      ))}
    </div>
  );
}

/** `logoUrl` is drawn beside the name (so it is decorative: alt=""); `footer` closes every page. */
type AppShellProps = { brand: string; section: string; logoUrl?: string | null; footer?: ReactNode; nav?: ReactNode; children: ReactNode };

export function AppShell({ brand, section, logoUrl = null, footer = null, nav = null, children }: AppShellProps) {
  const t = useMessages(messages);
  return (
    <>
      <a className="skip-link" href={`#${MAIN_ID}`}>
        {t.skipLink}
      </a>
      <header className="app-header">
        <div className="app-header__inner">
          <p className="app-header__brand">
            {logoUrl ? <img className="app-header__logo" src={logoUrl} alt="" /> : null}
            {brand} <span className="app-header__section">{section}</span>
          </p>
          {nav}
          <LanguageSwitch />
        </div>
      </header>
      <main id={MAIN_ID} className="app-main" tabIndex={-1}>
        {children}
      </main>
      {footer}
    </>
  );
}

/** `brand`: the tab's second half; by default the host market's shop name, else Comptoir. */
type PageHeadingProps = { children: string; brand?: string };

/**
 * The page's h1. It takes focus when it appears, so after a route change (or a form giving way
 * to its confirmation) screen readers start reading at the new content, and it names the tab.
 */
export function PageHeading({ children, brand: given }: PageHeadingProps) {
  const branding = useBranding();
  const brand = given ?? branding?.shopName ?? 'Comptoir';
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  useEffect(() => {
    document.title = `${children} – ${brand}`;
  }, [children, brand]);
  return (
    <h1 ref={ref} tabIndex={-1} className="page-heading">
      {children}
    </h1>
  );
}
