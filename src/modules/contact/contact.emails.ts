import { renderEmailLayout, type TBranding, type TLocale, type TRenderedEmail } from '../../platform/mail/mail-layout.js';
import { authEmailTexts } from '../auth/auth.emails.texts.js';

/** The shop answered the customer's request (F5.4). */
export const CONTACT_ANSWERED_TEMPLATE = 'contact_answered';

const texts = {
  fr: {
    subject: (subject: string, shopName: string) => `Réponse à votre demande « ${subject} » – ${shopName}`,
    title: 'Nous avons répondu à votre demande',
    intro: (subject: string) => `Voici notre réponse à votre demande « ${subject} » :`,
    action: 'Voir l’échange et répondre',
    footer: (shopName: string) => `Vous recevez cet e-mail parce que vous avez écrit à ${shopName} depuis votre espace client.`,
  },
  en: {
    subject: (subject: string, shopName: string) => `Answer to your request “${subject}” – ${shopName}`,
    title: 'We answered your request',
    intro: (subject: string) => `Here is our answer to your request “${subject}”:`,
    action: 'See the exchange and reply',
    footer: (shopName: string) => `You are receiving this email because you wrote to ${shopName} from your account.`,
  },
} satisfies Record<TLocale, unknown>;

export function renderContactAnsweredEmail(options: {
  locale: TLocale;
  branding: TBranding;
  firstName: string | null;
  subject: string;
  answer: string;
  threadUrl: string;
}): TRenderedEmail {
  const t = texts[options.locale];
  const auth = authEmailTexts[options.locale];
  const shopName = options.branding.shopName;
  const { html, text, sender } = renderEmailLayout({
    locale: options.locale,
    branding: options.branding,
    preheader: t.title,
    title: t.title,
    paragraphs: [
      auth.greeting(options.firstName?.trim() || null),
      t.intro(options.subject),
      ...options.answer.split(/\n\s*\n/).map((part) => part.trim()).filter(Boolean),
    ],
    action: { label: t.action, url: options.threadUrl },
    footerLines: [t.footer(shopName)],
  });
  return { subject: t.subject(options.subject, shopName).replace(/[\r\n]+/g, ' '), html, text, sender };
}
