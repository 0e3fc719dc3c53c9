import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useLocale, useMessages } from './i18n';

/** GET /api/branding: the look of the market this host serves (F7.5). */
export type PublicBranding = {
  marketCode: string;
  shopName: string;
  primaryColor: string;
  primaryDarkColor: string;
  onPrimaryColor: string;
  accentColor: string;
  onAccentColor: string;
  font: string;
  fontStack: string;
  logoUrl: string | null;
  faviconUrl: string;
  manifestUrl: string;
  links: { termsUrl: string | null; privacyUrl: string | null; storeUrl: string | null };
  legalLines: { fr: string[]; en: string[] };
  locales: ('fr' | 'en')[];
  defaultLocale: 'fr' | 'en';
};

const BrandingContext = createContext<PublicBranding | null>(null);

/** The host's branding once it has arrived; null before (and in the back office, which has none). */
export function useBranding(): PublicBranding | null {
  return useContext(BrandingContext);
}

const HEX = /^#[0-9a-f]{6}$/i;

/** The stylesheet's variables and the page's theme colour and icon, from the market's branding. */
export function applyBranding(branding: PublicBranding): void {
  const style = document.documentElement.style;
  const colours: [string, string][] = [
    ['--brand', branding.primaryColor],
    ['--brand-dark', branding.primaryDarkColor],
    ['--on-brand', branding.onPrimaryColor],
    ['--accent', branding.accentColor],
    ['--on-accent', branding.onAccentColor],
  ];
  // The server checked them; a value that is not a colour is still never put in the stylesheet.
  for (const [name, value] of colours) if (HEX.test(value)) style.setProperty(name, value);
  style.setProperty('--font', branding.fontStack);
  document.querySelector('meta[name="theme-color"]')?.setAttribute('content', branding.accentColor);
  document.querySelector('link[rel="icon"]')?.setAttribute('href', branding.faviconUrl);
}

/** Fetched once when the app starts: every page of the session wears the same look. */
const brandingRequest: Promise<PublicBranding | null> =
  typeof window === 'undefined'
    ? Promise.resolve(null)
    : fetch('/api/branding', { headers: { accept: 'application/json' }, credentials: 'same-origin' })
        .then((response) => (response.ok ? (response.json() as Promise<PublicBranding>) : null))
        .catch(() => null);

export function BrandingProvider({ children }: { children: ReactNode }) {
  const [branding, setBranding] = useState<PublicBranding | null>(null);
  useEffect(() => {
    let current = true;
    void brandingRequest.then((loaded) => {
      if (!loaded || !current) return;
      applyBranding(loaded);
      setBranding(loaded);
    });
    return () => {
      current = false;
    };
  }, []);
  return <BrandingContext.Provider value={branding}>{children}</BrandingContext.Provider>;
}

const footerMessages = {
  fr: { label: 'Informations légales', terms: 'Conditions générales', privacy: 'Confidentialité', store: 'Retour à la boutique' },
  en: { label: 'Legal information', terms: 'Terms and conditions', privacy: 'Privacy', store: 'Back to the shop' },
};

/** The market's links and legal mentions at the foot of every page. */
export function BrandFooter() {
  const branding = useBranding();
  const { locale } = useLocale();
  const t = useMessages(footerMessages);
  if (!branding) return null;
  const links = [
    branding.links.storeUrl ? { href: branding.links.storeUrl, label: t.store } : null,
    branding.links.termsUrl ? { href: branding.links.termsUrl, label: t.terms } : null,
    branding.links.privacyUrl ? { href: branding.links.privacyUrl, label: t.privacy } : null,
  ].filter((link): link is { href: string; label: string } => link !== null);
  const lines = branding.legalLines[locale === 'en' ? 'en' : 'fr'];
  if (links.length === 0 && lines.length === 0) return null;
  return (
    <footer className="app-footer" aria-label={t.label}>
      <div className="app-footer__inner">
        {links.length > 0 ? (
          <ul className="app-footer__links">
            {links.map((link) => (
              <li key={link.href}>
                <a href={link.href}>{link.label}</a>
              </li>
            ))}
          </ul>
        ) : null}
        {lines.map((line) => (
          <p key={line} className="app-footer__legal">
            {line}
          </p>
        ))}
      </div>
    </footer>
  );
}
