import { describe, it, expect } from 'vitest';
import type { TBranding, TLocale, TRenderedEmail } from '../../platform/mail/mail-layout.js';
import {
  authEmailTemplates,
  renderAccountExistsEmail,
  renderLoginCodeEmail,
  renderLoginCodeNoAccountEmail,
  renderPasswordChangedEmail,
  renderPasswordResetEmail,
  renderVerifyEmail,
  renderGuestClaimEmail,
  type TAuthEmailTemplate,
} from './auth.emails.js';

const branding: TBranding = {
  shopName: 'La Belle Épicerie',
  primaryColor: '#0f766e',
  logoUrl: 'https://cdn.example.com/logo.png',
  publicUrl: 'https://shop.example.com',
  accentColor: '#0f766e',
  font: 'system',
  faviconUrl: null,
  sender: { from: 'Comptoir <no-reply@localhost>', replyTo: null },
  legal: { companyName: null, legalForm: null, shareCapital: null, address: null, siren: null, rcs: null, vatNumber: null },
  links: { termsUrl: null, privacyUrl: null, storeUrl: null },
};
const hostileName = '<script>alert(1)</script>';
const escapedHostileName = '&lt;script&gt;alert(1)&lt;/script&gt;';
const code = '048213';
const urls = {
  verify: 'https://shop.example.com/verify-email?token=vErIfY_123-abc',
  reset: 'https://shop.example.com/reset-password?token=rEsEt_456-def',
  signIn: 'https://shop.example.com/login',
  signUp: 'https://shop.example.com/register?email=a%40b.fr&from=code',
};
const locales: TLocale[] = ['fr', 'en'];

type TCase = {
  template: TAuthEmailTemplate;
  name: string;
  render: (locale: TLocale, firstName: string | null) => TRenderedEmail;
  subject: Record<TLocale, RegExp>;
  mustContain: string[];
};

const cases: TCase[] = [
  {
    template: 'verify_email',
    name: 'renderVerifyEmail',
    render: (locale, firstName) => renderVerifyEmail({ locale, branding, firstName, link: urls.verify }),
    subject: { fr: /^Confirmez votre adresse e-mail/, en: /^Confirm your email address/ },
    mustContain: [urls.verify],
  },
  {
    template: 'guest_claim',
    name: 'renderGuestClaimEmail',
    render: (locale, firstName) => renderGuestClaimEmail({ locale, branding, firstName, link: urls.verify }),
    subject: { fr: /^Finalisez la création de votre compte/, en: /^Finish creating your account/ },
    mustContain: [urls.verify],
  },
  {
    template: 'account_exists',
    name: 'renderAccountExistsEmail',
    render: (locale, firstName) =>
      renderAccountExistsEmail({
        locale,
        branding,
        firstName,
        signInUrl: urls.signIn,
        resetUrl: urls.reset,
        verifyLink: urls.verify,
      }),
    subject: { fr: /^Vous avez déjà un compte/, en: /^You already have an account/ },
    mustContain: [urls.signIn, urls.reset, urls.verify],
  },
  {
    template: 'login_code',
    name: 'renderLoginCodeEmail',
    render: (locale, firstName) => renderLoginCodeEmail({ locale, branding, firstName, code }),
    subject: { fr: /^Votre code de connexion/, en: /^Your sign-in code/ },
    mustContain: [code],
  },
  {
    template: 'login_code_no_account',
    name: 'renderLoginCodeNoAccountEmail',
    render: (locale, firstName) => renderLoginCodeNoAccountEmail({ locale, branding, firstName, signUpUrl: urls.signUp }),
    subject: { fr: /^Aucun compte n’utilise cette adresse/, en: /^No account uses this address/ },
    mustContain: [urls.signUp],
  },
  {
    template: 'password_reset',
    name: 'renderPasswordResetEmail',
    render: (locale, firstName) => renderPasswordResetEmail({ locale, branding, firstName, link: urls.reset }),
    subject: { fr: /^Réinitialisez votre mot de passe/, en: /^Reset your password/ },
    mustContain: [urls.reset],
  },
  {
    template: 'password_changed',
    name: 'renderPasswordChangedEmail',
    render: (locale, firstName) =>
      renderPasswordChangedEmail({
        locale,
        branding,
        firstName,
        resetUrl: urls.reset,
        occurredAt: new Date('2025-03-03T13:05:00Z'),
      }),
    subject: { fr: /^Votre mot de passe a été modifié/, en: /^Your password was changed/ },
    mustContain: [urls.reset],
  },
];

const otherLocale = (locale: TLocale): TLocale => (locale === 'fr' ? 'en' : 'fr');
const lines = (text: string): string[] => text.split('\n');
// Written out here rather than imported, so the tests do not trust the code under test.
const inHtml = (value: string): string => value.replace(/&/g, '&amp;');

it('authEmailTemplates: every template has a renderer under test', () => {
  expect(cases.map((c) => c.template)).toEqual([...authEmailTemplates]);
});

for (const { name, render, subject, mustContain } of cases) {
  describe(name, () => {
    for (const locale of locales) {
      const email = render(locale, 'Marie');

      it(`${name} (${locale}): the subject is in the right language and names the shop`, () => {
        expect(email.subject).toMatch(subject[locale]);
        expect(email.subject).not.toMatch(subject[otherLocale(locale)]);
        expect(email.subject).toContain(`– ${branding.shopName}`);
        expect(email.subject).not.toMatch(/[\r\n]/);
      });

      it(`${name} (${locale}): each link or code appears in both the HTML and the text part`, () => {
        for (const value of mustContain) {
          expect(email.html).toContain(inHtml(value));
          expect(email.text).toContain(value);
        }
      });

      it(`${name} (${locale}): each link stands alone on its own line in the text part`, () => {
        for (const value of mustContain.filter((v) => v.startsWith('http'))) {
          expect(lines(email.text)).toContain(value);
        }
      });

      it(`${name} (${locale}): the HTML is a standalone document in the right language`, () => {
        expect(email.html).toMatch(/^<!DOCTYPE html>/);
        expect(email.html).toContain(`<html lang="${locale}"`);
        expect(email.html).toContain(branding.shopName);
        expect(email.html).not.toMatch(/<script|<link\b/i);
      });

      it(`${name} (${locale}): the first name greets the customer in both parts`, () => {
        expect(email.text).toContain(locale === 'fr' ? 'Bonjour Marie,' : 'Hello Marie,');
        expect(email.html).toContain(locale === 'fr' ? 'Bonjour Marie,' : 'Hello Marie,');
      });

      it(`${name} (${locale}): a first name holding markup is escaped in the HTML part`, () => {
        const hostile = render(locale, hostileName);
        expect(hostile.html).not.toContain(hostileName);
        expect(hostile.html).not.toMatch(/<script/i);
        expect(hostile.html).toContain(escapedHostileName);
      });

      it(`${name} (${locale}): without a first name the greeting stays plain and nothing leaks`, () => {
        const anonymous = render(locale, null);
        expect(anonymous.text).toContain(locale === 'fr' ? 'Bonjour,' : 'Hello,');
        for (const part of [anonymous.subject, anonymous.html, anonymous.text]) {
          expect(part).not.toMatch(/\b(undefined|null|NaN)\b|\[object /);
        }
      });

      it(`${name} (${locale}): the code is never in the subject`, () => {
        expect(email.subject).not.toMatch(/\d{6}/);
      });
    }
  });
}

describe('renderLoginCodeEmail', () => {
  it.each(locales)('renderLoginCodeEmail (%s): the text part holds the code alone on its own line', (locale) => {
    const { text } = renderLoginCodeEmail({ locale, branding, firstName: 'Marie', code });
    expect(text.match(/^\d{6}$/m)?.[0]).toBe(code);
    expect(lines(text).filter((line) => line.includes(code))).toEqual([code]);
  });

  it.each(locales)('renderLoginCodeEmail (%s): the code stays out of the subject and the inbox preview', (locale) => {
    const { subject, html } = renderLoginCodeEmail({ locale, branding, firstName: null, code });
    expect(subject).not.toContain(code);
    const preheader = /<div style="display:none[^>]*>([^<]*)<\/div>/.exec(html)?.[1] ?? '';
    expect(preheader).not.toBe('');
    expect(preheader).not.toContain(code);
  });
});

describe('renderAccountExistsEmail', () => {
  it.each(locales)('renderAccountExistsEmail (%s): a verified account gets no confirmation link', (locale) => {
    const email = renderAccountExistsEmail({
      locale,
      branding,
      firstName: null,
      signInUrl: urls.signIn,
      resetUrl: urls.reset,
      verifyLink: null,
    });
    expect(email.text).not.toContain(urls.verify);
    expect(email.html).not.toContain(inHtml(urls.verify));
    expect(lines(email.text)).toEqual(expect.arrayContaining([urls.signIn, urls.reset]));
  });
});

describe('renderPasswordChangedEmail', () => {
  it('renderPasswordChangedEmail: the date is written in French, Paris time', () => {
    const { text } = renderPasswordChangedEmail({
      locale: 'fr',
      branding,
      firstName: null,
      resetUrl: urls.reset,
      occurredAt: new Date('2025-07-14T08:30:00Z'),
    });
    expect(text).toMatch(/lundi 14 juillet 2025 à 10:30/);
  });

  it('renderPasswordChangedEmail: the date is written in English, Paris time', () => {
    const { text } = renderPasswordChangedEmail({
      locale: 'en',
      branding,
      firstName: null,
      resetUrl: urls.reset,
      occurredAt: new Date('2025-01-10T23:30:00Z'),
    });
    expect(text).toMatch(/Saturday, 11 January 2025 at 00:30/);
  });
});

describe('layout safety', () => {
  it('a shop name holding markup is escaped in the HTML part', () => {
    const { html } = renderVerifyEmail({
      locale: 'fr',
      branding: { ...branding, shopName: '<b onmouseover="x">Shop</b>' },
      firstName: null,
      link: urls.verify,
    });
    expect(html).not.toContain('<b onmouseover');
    expect(html).toContain('&lt;b onmouseover=&quot;x&quot;&gt;Shop&lt;/b&gt;');
  });

  it('a primary colour that is not a hex colour never reaches the styles', () => {
    const { html } = renderVerifyEmail({
      locale: 'en',
      branding: { ...branding, primaryColor: 'red;background:url(https://evil.example/x)' },
      firstName: null,
      link: urls.verify,
    });
    expect(html).not.toContain('evil.example');
  });

  it('a link that is not http(s) is refused rather than sent', () => {
    expect(() =>
      renderPasswordResetEmail({ locale: 'en', branding, firstName: null, link: 'javascript:alert(1)' }),
    ).toThrow(/http/);
  });
});
