import { describe, expect, it } from 'vitest';
import type { TBranding } from '../../platform/mail/mail-layout.js';
import { renderNewsletterWelcomeEmail } from './marketing.emails.js';

const branding: TBranding = {
  shopName: 'L’Échoppe',
  primaryColor: '#1f4e79',
  logoUrl: null,
  publicUrl: 'https://compte.echoppe.fr',
  accentColor: '#1f4e79',
  font: 'system',
  faviconUrl: null,
  sender: { from: 'Comptoir <no-reply@localhost>', replyTo: null },
  legal: { companyName: null, legalForm: null, shareCapital: null, address: null, siren: null, rcs: null, vatNumber: null },
  links: { termsUrl: null, privacyUrl: null, storeUrl: null },
};
const links = {
  unsubscribeUrl: 'https://compte.echoppe.fr/unsubscribe?token=abc_DEF-123',
  preferencesUrl: 'https://compte.echoppe.fr/preferences',
};

describe('renderNewsletterWelcomeEmail', () => {
  it.each([
    ['fr', 'Bienvenue dans la newsletter – L’Échoppe', 'Me désabonner de la newsletter'],
    ['en', 'Welcome to the newsletter – L’Échoppe', 'Unsubscribe from the newsletter'],
  ] as const)('%s: subject, greeting, and the unsubscribe and preferences links in the footer of both parts', (locale, subject, unsubscribe) => {
    const email = renderNewsletterWelcomeEmail({ locale, branding, firstName: 'Léa', links });
    expect(email.subject).toBe(subject);
    expect(email.html).toContain(`lang="${locale}"`);
    expect(email.html).toContain(`<a href="${links.unsubscribeUrl}"`);
    expect(email.html).toContain(unsubscribe);
    expect(email.html).toContain(`<a href="${links.preferencesUrl}"`);
    expect(email.text).toContain(`${unsubscribe}${locale === 'fr' ? '\u00a0:' : ':'} ${links.unsubscribeUrl}`);
    expect(email.text).toContain(links.preferencesUrl);
    expect(email.text).toMatch(locale === 'fr' ? /^Bienvenue/ : /^Welcome/);
    expect(email.text).toContain(locale === 'fr' ? 'Bonjour Léa,' : 'Hello Léa,');
  });

  it('escapes the shop name and keeps line breaks out of the subject', () => {
    const email = renderNewsletterWelcomeEmail({
      locale: 'fr',
      branding: { ...branding, shopName: '<b>Shop</b>\r\nBcc: x@evil.example' },
      firstName: null,
      links,
    });
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.html).not.toContain('<b>Shop</b>');
    expect(email.html).toContain('&lt;b&gt;Shop&lt;/b&gt;');
  });

  it('refuses an unsubscribe link that is not an http(s) URL', () => {
    expect(() =>
      renderNewsletterWelcomeEmail({ locale: 'en', branding, firstName: null, links: { ...links, unsubscribeUrl: 'javascript:alert(1)' } }),
    ).toThrow();
  });
});
