import {
  renderEmailLayout,
  type TBranding,
  type TEmailLink,
  type TLocale,
  type TRenderedEmail,
} from '../../platform/mail/mail-layout.js';
import { authEmailTexts, type TAuthEmailTexts } from './auth.emails.texts.js';

export const authEmailTemplates = [
  'verify_email',
  'guest_claim',
  'account_exists',
  'login_code',
  'login_code_no_account',
  'password_reset',
  'password_changed',
] as const;
export type TAuthEmailTemplate = (typeof authEmailTemplates)[number];

export type TAuthEmailBaseOptions = { locale: TLocale; branding: TBranding; firstName: string | null };

type TAuthEmailContent = {
  subject: string;
  title: string;
  preheader: string;
  paragraphs: string[];
  closingNote: string;
  action?: TEmailLink;
  links?: TEmailLink[];
  code?: string;
};

function renderAuthEmail(
  options: TAuthEmailBaseOptions,
  build: (texts: TAuthEmailTexts, shop: { shopName: string }) => TAuthEmailContent,
): TRenderedEmail {
  const texts = authEmailTexts[options.locale];
  const shop = { shopName: options.branding.shopName };
  const content = build(texts, shop);
  const { html, text, sender } = renderEmailLayout({
    locale: options.locale,
    branding: options.branding,
    preheader: content.preheader,
    title: content.title,
    paragraphs: [texts.greeting(options.firstName?.trim() || null), ...content.paragraphs],
    action: content.action,
    links: content.links,
    code: content.code,
    closingNote: content.closingNote,
    footerLines: [texts.footer(shop)],
  });
  // A line break in a header would let a shop name forge other headers.
  return { subject: content.subject.replace(/[\r\n]+/g, ' '), html, text, sender };
}

/** `note`: a paragraph added after the body, e.g. that the account will wait for approval (F1.7). */
export function renderVerifyEmail(options: TAuthEmailBaseOptions & { link: string; note?: string | null }): TRenderedEmail {
  return renderAuthEmail(options, ({ verifyEmail: t }, shop) => ({
    subject: t.subject(shop),
    title: t.title,
    preheader: t.preheader(shop),
    paragraphs: [...t.body(shop), ...(options.note ? [options.note] : [])],
    action: { label: t.action, url: options.link },
    closingNote: t.closingNote(shop),
  }));
}

/** Registering with a guest account's address: the link claims it with what was typed. */
export function renderGuestClaimEmail(options: TAuthEmailBaseOptions & { link: string }): TRenderedEmail {
  return renderAuthEmail(options, ({ guestClaim: t }, shop) => ({
    subject: t.subject(shop),
    title: t.title,
    preheader: t.preheader(shop),
    paragraphs: t.body(shop),
    action: { label: t.action, url: options.link },
    closingNote: t.closingNote(shop),
  }));
}

export function renderAccountExistsEmail(
  options: TAuthEmailBaseOptions & { signInUrl: string; resetUrl: string; verifyLink: string | null },
): TRenderedEmail {
  return renderAuthEmail(options, ({ accountExists: t }, shop) => {
    const vars = { ...shop, unverified: options.verifyLink !== null };
    const signIn = { label: t.signIn, url: options.signInUrl };
    const reset = { label: t.resetPassword, url: options.resetUrl };
    // An unverified account cannot sign in yet, so confirming the address comes first.
    const [action, ...links] = options.verifyLink
      ? [{ label: t.verify, url: options.verifyLink }, signIn, reset]
      : [signIn, reset];
    return {
      subject: t.subject(shop),
      title: t.title,
      preheader: t.preheader(vars),
      paragraphs: t.body(vars),
      action,
      links,
      closingNote: t.closingNote(vars),
    };
  });
}

export function renderLoginCodeEmail(options: TAuthEmailBaseOptions & { code: string }): TRenderedEmail {
  // The code stays out of the subject and preheader: both show on lock screens.
  return renderAuthEmail(options, ({ loginCode: t }, shop) => ({
    subject: t.subject(shop),
    title: t.title,
    preheader: t.preheader(shop),
    paragraphs: t.body(shop),
    code: options.code,
    closingNote: t.closingNote(shop),
  }));
}

export function renderLoginCodeNoAccountEmail(options: TAuthEmailBaseOptions & { signUpUrl: string }): TRenderedEmail {
  return renderAuthEmail(options, ({ loginCodeNoAccount: t }, shop) => ({
    subject: t.subject(shop),
    title: t.title,
    preheader: t.preheader(shop),
    paragraphs: t.body(shop),
    action: { label: t.action, url: options.signUpUrl },
    closingNote: t.closingNote(shop),
  }));
}

export function renderPasswordResetEmail(options: TAuthEmailBaseOptions & { link: string }): TRenderedEmail {
  return renderAuthEmail(options, ({ passwordReset: t }, shop) => ({
    subject: t.subject(shop),
    title: t.title,
    preheader: t.preheader(shop),
    paragraphs: t.body(shop),
    action: { label: t.action, url: options.link },
    closingNote: t.closingNote(shop),
  }));
}

export function renderPasswordChangedEmail(
  options: TAuthEmailBaseOptions & { resetUrl: string; occurredAt: Date },
): TRenderedEmail {
  return renderAuthEmail(options, (texts, shop) => {
    const t = texts.passwordChanged;
    const vars = { ...shop, when: texts.formatDate(options.occurredAt) };
    return {
      subject: t.subject(shop),
      title: t.title,
      preheader: t.preheader(vars),
      paragraphs: t.body(vars),
      action: { label: t.action, url: options.resetUrl },
      closingNote: t.closingNote(vars),
    };
  });
}
