import { renderEmailLayout, type TBranding, type TEmailLink, type TLocale, type TRenderedEmail } from '../../platform/mail/mail-layout.js';
import type { TEmailConsentPurpose } from './marketing.rules.js';

export const marketingEmailTemplates = ['newsletter_welcome'] as const;
export type TMarketingEmailTemplate = (typeof marketingEmailTemplates)[number];

/** What every marketing email's footer links to: set by enqueueMarketingEmail, never by the caller. */
export type TMarketingLinks = { unsubscribeUrl: string; preferencesUrl: string };

type TShop = { shopName: string };
const nbsp = '\u00a0';

const texts = {
  fr: {
    greeting: (firstName: string | null) => (firstName ? `Bonjour ${firstName},` : 'Bonjour,'),
    why: {
      newsletter_email: ({ shopName }: TShop) => `Vous recevez cet e-mail parce que vous êtes abonné(e) à la newsletter de ${shopName}.`,
      promotional_email: ({ shopName }: TShop) => `Vous recevez cet e-mail parce que vous avez accepté de recevoir les offres de ${shopName} par e-mail.`,
    } satisfies Record<TEmailConsentPurpose, (shop: TShop) => string>,
    unsubscribe: {
      newsletter_email: 'Me désabonner de la newsletter',
      promotional_email: 'Ne plus recevoir les offres par e-mail',
    } satisfies Record<TEmailConsentPurpose, string>,
    preferences: 'Gérer mes préférences de communication',
    newsletterWelcome: {
      subject: ({ shopName }: TShop) => `Bienvenue dans la newsletter – ${shopName}`,
      title: 'Bienvenue dans la newsletter',
      preheader: ({ shopName }: TShop) => `Les nouveautés de ${shopName}, directement dans votre boîte mail.`,
      body: ({ shopName }: TShop) => [
        `Merci de vous être abonné(e) à la newsletter de ${shopName}${nbsp}! Vous recevrez nos nouveautés, nos conseils et les coulisses de la boutique.`,
        `Vous pouvez vous désabonner à tout moment, en un clic, avec le lien en bas de chaque e-mail, ou depuis votre compte.`,
      ],
      closingNote: () => `Vous ne vous êtes pas abonné(e)${nbsp}? Un clic sur le lien de désabonnement ci-dessous suffit${nbsp}: vous ne recevrez plus rien.`,
    },
  },
  en: {
    greeting: (firstName: string | null) => (firstName ? `Hello ${firstName},` : 'Hello,'),
    why: {
      newsletter_email: ({ shopName }: TShop) => `You are receiving this email because you subscribed to the ${shopName} newsletter.`,
      promotional_email: ({ shopName }: TShop) => `You are receiving this email because you agreed to receive offers from ${shopName} by email.`,
    },
    unsubscribe: {
      newsletter_email: 'Unsubscribe from the newsletter',
      promotional_email: 'Stop receiving offers by email',
    },
    preferences: 'Manage my communication preferences',
    newsletterWelcome: {
      subject: ({ shopName }: TShop) => `Welcome to the newsletter – ${shopName}`,
      title: 'Welcome to the newsletter',
      preheader: ({ shopName }: TShop) => `What is new at ${shopName}, straight to your inbox.`,
      body: ({ shopName }: TShop) => [
        `Thank you for subscribing to the ${shopName} newsletter! You will receive our news, tips and a look behind the scenes of the shop.`,
        `You can unsubscribe at any time, in one click, with the link at the bottom of every email, or from your account.`,
      ],
      closingNote: () => `Did not subscribe? One click on the unsubscribe link below is enough: you will receive nothing more.`,
    },
  },
} satisfies Record<TLocale, unknown>;

export type TMarketingEmailOptions = {
  locale: TLocale;
  branding: TBranding;
  purpose: TEmailConsentPurpose;
  links: TMarketingLinks;
  firstName: string | null;
  subject: string;
  preheader: string;
  title: string;
  paragraphs: string[];
  action?: TEmailLink;
  closingNote?: string;
};

/**
 * The shared shape of marketing emails: the branded layout with, in the footer, why the
 * person receives it and a visible unsubscribe link (the header alone is not shown by every
 * client), then the way to the preferences page.
 */
export function renderMarketingEmail(options: TMarketingEmailOptions): TRenderedEmail {
  const t = texts[options.locale];
  const shop = { shopName: options.branding.shopName };
  const { html, text, sender } = renderEmailLayout({
    locale: options.locale,
    branding: options.branding,
    preheader: options.preheader,
    title: options.title,
    paragraphs: [t.greeting(options.firstName?.trim() || null), ...options.paragraphs],
    action: options.action,
    closingNote: options.closingNote,
    footerLines: [t.why[options.purpose](shop)],
    footerLinks: [
      { label: t.unsubscribe[options.purpose], url: options.links.unsubscribeUrl },
      { label: t.preferences, url: options.links.preferencesUrl },
    ],
  });
  // A line break in a header would let a shop name forge other headers.
  return { subject: options.subject.replace(/[\r\n]+/g, ' '), html, text, sender };
}

export function renderNewsletterWelcomeEmail(options: {
  locale: TLocale;
  branding: TBranding;
  firstName: string | null;
  links: TMarketingLinks;
}): TRenderedEmail {
  const t = texts[options.locale].newsletterWelcome;
  const shop = { shopName: options.branding.shopName };
  return renderMarketingEmail({
    ...options,
    purpose: 'newsletter_email',
    subject: t.subject(shop),
    preheader: t.preheader(shop),
    title: t.title,
    paragraphs: t.body(shop),
    closingNote: t.closingNote(),
  });
}
