import { renderEmailLayout, type TBranding, type TLocale, type TRenderedEmail } from '../../platform/mail/mail-layout.js';
import { authEmailTexts } from '../auth/auth.emails.texts.js';

/** To the previous address when the shop's staff changed the sign-in address. */
export const STAFF_EMAIL_CHANGED_TEMPLATE = 'email_changed_by_staff';

// French typography wants a non-breaking space before : ; ! and ?
const nbsp = '\u00a0';

type TVars = { shopName: string; masked: string; when: string };

const texts = {
  fr: {
    subject: ({ shopName }: Pick<TVars, 'shopName'>) => `Votre adresse de connexion a été changée – ${shopName}`,
    title: 'Votre adresse de connexion a été changée',
    preheader: ({ shopName }: Pick<TVars, 'shopName'>) => `L’équipe de ${shopName} a remplacé cette adresse e-mail.`,
    body: ({ shopName, masked, when }: TVars) => [
      `Le ${when}, l’équipe de ${shopName} a remplacé l’adresse e-mail de votre compte par ${masked}. Cette adresse-ci ne permet plus de vous connecter.`,
      `Vous n’avez rien demandé${nbsp}? Répondez à cet e-mail ou contactez la boutique${nbsp}: nous remettrons votre adresse.`,
    ],
    action: 'Contacter la boutique',
  },
  en: {
    subject: ({ shopName }: Pick<TVars, 'shopName'>) => `Your sign-in address was changed – ${shopName}`,
    title: 'Your sign-in address was changed',
    preheader: ({ shopName }: Pick<TVars, 'shopName'>) => `The ${shopName} team replaced this email address.`,
    body: ({ shopName, masked, when }: TVars) => [
      `On ${when}, the ${shopName} team replaced your account’s email address with ${masked}. This address no longer signs you in.`,
      `Did not ask for this? Reply to this email or contact the shop: we will put your address back.`,
    ],
    action: 'Contact the shop',
  },
} satisfies Record<TLocale, unknown>;

export function renderEmailChangedByStaffEmail(options: {
  locale: TLocale;
  branding: TBranding;
  firstName: string | null;
  maskedNewEmail: string;
  changedAt: Date;
}): TRenderedEmail {
  const t = texts[options.locale];
  const auth = authEmailTexts[options.locale];
  const shop = { shopName: options.branding.shopName };
  const { html, text, sender } = renderEmailLayout({
    locale: options.locale,
    branding: options.branding,
    preheader: t.preheader(shop),
    title: t.title,
    paragraphs: [auth.greeting(options.firstName?.trim() || null), ...t.body({ ...shop, masked: options.maskedNewEmail, when: auth.formatDate(options.changedAt) })],
    action: { label: t.action, url: options.branding.publicUrl },
    footerLines: [auth.footer(shop)],
  });
  // A line break in a header would let a shop name forge other headers.
  return { subject: t.subject(shop).replace(/[\r\n]+/g, ' '), html, text, sender };
}
