import { renderEmailLayout, type TBranding, type TLocale, type TRenderedEmail } from '../../platform/mail/mail-layout.js';

export const ACCOUNT_DELETED_TEMPLATE = 'account_deleted';

type TShop = { shopName: string };
type TTexts = {
  subject: (vars: TShop) => string;
  title: string;
  preheader: (vars: TShop) => string;
  body: (vars: TShop & { when: string }) => string[];
  closingNote: (vars: TShop) => string;
  footer: (vars: TShop) => string;
  formatDate: (date: Date) => string;
};

const nbsp = '\u00a0';

function parisDateFormatter(locale: string): (date: Date) => string {
  const format = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'Europe/Paris' });
  return (date) => format.format(date);
}

// No name in it: the address is all this email may still know of the person, and only until sent.
const texts: Record<TLocale, TTexts> = {
  fr: {
    subject: ({ shopName }) => `Votre compte ${shopName} a été supprimé`,
    title: 'Votre compte a été supprimé',
    preheader: ({ shopName }) => `Vos données personnelles chez ${shopName} ont été effacées.`,
    body: ({ shopName, when }) => [
      'Bonjour,',
      `Comme vous l’avez demandé, votre compte client ${shopName} a été supprimé le ${when}.`,
      `Vos données personnelles ont été effacées${nbsp}: profil, adresses, préférences de communication, historique des connexions et des e-mails. Les documents que la loi nous oblige à conserver (commandes, factures) le restent, sous un pseudonyme, sans votre nom ni votre adresse.`,
      `Cette adresse e-mail sera oubliée dès l’envoi de ce message. Vous pourrez créer un nouveau compte avec elle quand vous le voudrez.`,
    ],
    closingNote: ({ shopName }) => `Si vous n’avez pas demandé cette suppression, contactez ${shopName} au plus vite.`,
    footer: ({ shopName }) => `Vous recevez cet e-mail à la suite d’une demande faite sur ${shopName} avec cette adresse.`,
    formatDate: parisDateFormatter('fr-FR'),
  },
  en: {
    subject: ({ shopName }) => `Your ${shopName} account has been deleted`,
    title: 'Your account has been deleted',
    preheader: ({ shopName }) => `Your personal data at ${shopName} has been erased.`,
    body: ({ shopName, when }) => [
      'Hello,',
      `As you asked, your ${shopName} customer account was deleted on ${when}.`,
      'Your personal data has been erased: profile, addresses, communication preferences, sign-in and email history. Records the law requires us to keep (orders, invoices) remain, under a pseudonym, without your name or address.',
      'This email address will be forgotten as soon as this message is sent. You can create a new account with it whenever you like.',
    ],
    closingNote: ({ shopName }) => `If you did not ask for this, contact ${shopName} as soon as possible.`,
    footer: ({ shopName }) => `You are receiving this email because of a request made on ${shopName} with this address.`,
    formatDate: parisDateFormatter('en-GB'),
  },
};

/** The last email to an erased account, sent with `forgetAfterSending`. */
export function renderAccountDeletedEmail(options: { locale: TLocale; branding: TBranding; deletedAt: Date }): TRenderedEmail {
  const t = texts[options.locale];
  const shop = { shopName: options.branding.shopName };
  const { html, text, sender } = renderEmailLayout({
    locale: options.locale,
    branding: options.branding,
    preheader: t.preheader(shop),
    title: t.title,
    paragraphs: t.body({ ...shop, when: t.formatDate(options.deletedAt) }),
    closingNote: t.closingNote(shop),
    footerLines: [t.footer(shop)],
  });
  return { subject: t.subject(shop).replace(/[\r\n]+/g, ' '), html, text, sender };
}
