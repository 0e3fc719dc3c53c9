import { describe, expect, it } from 'vitest';
import type { TBranding, TLocale } from '../../platform/mail/mail-layout.js';
import { renderEmailChangedEmail, renderEmailChangeNoticeEmail, renderEmailChangeVerifyEmail } from './email-change.emails.js';

const branding: TBranding = {
  shopName: 'La Belle Épicerie',
  primaryColor: '#0f766e',
  logoUrl: null,
  publicUrl: 'https://shop.example.com',
  accentColor: '#0f766e',
  font: 'system',
  faviconUrl: null,
  sender: { from: 'Comptoir <no-reply@localhost>', replyTo: null },
  legal: { companyName: null, legalForm: null, shareCapital: null, address: null, siren: null, rcs: null, vatNumber: null },
  links: { termsUrl: null, privacyUrl: null, storeUrl: null },
};
const confirmLink = 'https://shop.example.com/email-change/confirm?token=cOnFiRm_123';
const reportLink = 'https://shop.example.com/email-change/report?token=rEpOrT_456';
const locales: TLocale[] = ['fr', 'en'];

describe('email change emails', () => {
  it.each(locales)('%s: the link to the new address, the notice with the masked address and the report link, the confirmation', (locale) => {
    const base = { locale, branding, firstName: '<b>Léa</b>' };
    const verify = renderEmailChangeVerifyEmail({ ...base, link: confirmLink });
    const notice = renderEmailChangeNoticeEmail({ ...base, maskedNewEmail: 'l••a@e••••••.fr', reportLink, requestedAt: new Date('2026-03-01T10:00:00Z') });
    const changed = renderEmailChangedEmail({ ...base, signInUrl: 'https://shop.example.com/sign-in' });

    expect(verify.subject).toMatch(locale === 'fr' ? /^Confirmez votre nouvelle adresse e-mail – La Belle Épicerie$/ : /^Confirm your new email address/);
    expect(verify.text).toContain(confirmLink);
    expect(verify.html).toContain(confirmLink);
    expect(notice.subject).toMatch(locale === 'fr' ? /^Changement de votre adresse e-mail demandé/ : /^A change of your email address was requested/);
    expect(notice.text).toContain('l••a@e••••••.fr');
    expect(notice.text).toContain(reportLink);
    expect(notice.text).toContain('2026');
    expect(changed.subject).toMatch(locale === 'fr' ? /adresse de connexion a changé/ : /sign-in address has changed/);
    for (const email of [verify, notice, changed]) {
      expect(email.html).not.toContain('<b>Léa</b>');
      expect(email.html).toContain('&lt;b&gt;Léa&lt;/b&gt;');
    }
  });

  it('a shop name with a line break cannot forge a header', () => {
    const email = renderEmailChangeVerifyEmail({ locale: 'fr', branding: { ...branding, shopName: 'Shop\r\nBcc: x@y.z' }, firstName: null, link: confirmLink });
    expect(email.subject).not.toMatch(/[\r\n]/);
  });
});
