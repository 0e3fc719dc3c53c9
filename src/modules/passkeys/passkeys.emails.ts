import { renderEmailLayout, type TBranding, type TLocale, type TRenderedEmail } from '../../platform/mail/mail-layout.js';

export type TPasskeyEmailTemplate = 'passkey_added' | 'passkey_removed';

// French typography wants a non-breaking space before : ; ! and ?
const nbsp = '\u00a0';

const dateFormats = {
  fr: new Intl.DateTimeFormat('fr-FR', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Paris' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Paris' }),
};

type TVars = { shopName: string; name: string; when: string; byStaff: boolean };

const texts = {
  fr: {
    greeting: (firstName: string | null) => (firstName ? `Bonjour ${firstName},` : 'Bonjour,'),
    when: (date: Date) => `${dateFormats.fr.format(date)} (heure de Paris)`,
    footer: (shopName: string) => `Vous recevez cet e-mail parce qu’il concerne la sécurité de votre compte ${shopName}.`,
    action: 'Voir mes clés d’accès',
    added: {
      subject: (v: TVars) => `Une clé d’accès a été ajoutée à votre compte – ${v.shopName}`,
      title: 'Nouvelle clé d’accès',
      body: (v: TVars) => [
        `La clé d’accès «${nbsp}${v.name}${nbsp}» a été ajoutée à votre compte ${v.shopName} le ${v.when}. Elle permet désormais de vous connecter sans mot de passe.`,
      ],
      closingNote: () =>
        `Si ce n’est pas vous, supprimez cette clé depuis votre compte et changez votre mot de passe${nbsp}: quelqu’un a peut-être accès à votre session.`,
    },
    removed: {
      subject: (v: TVars) => `Une clé d’accès a été retirée de votre compte – ${v.shopName}`,
      title: 'Clé d’accès retirée',
      body: (v: TVars) => [
        v.byStaff
          ? `À votre demande, notre service client a retiré la clé d’accès «${nbsp}${v.name}${nbsp}» de votre compte ${v.shopName} le ${v.when}. Elle ne permet plus de vous connecter.`
          : `La clé d’accès «${nbsp}${v.name}${nbsp}» a été retirée de votre compte ${v.shopName} le ${v.when}. Elle ne permet plus de vous connecter.`,
      ],
      closingNote: () => `Si ce n’est pas vous, changez votre mot de passe et déconnectez les appareils que vous ne reconnaissez pas.`,
    },
  },
  en: {
    greeting: (firstName: string | null) => (firstName ? `Hello ${firstName},` : 'Hello,'),
    when: (date: Date) => `${dateFormats.en.format(date)} (Paris time)`,
    footer: (shopName: string) => `You are receiving this email because it concerns the security of your ${shopName} account.`,
    action: 'See my passkeys',
    added: {
      subject: (v: TVars) => `A passkey was added to your account – ${v.shopName}`,
      title: 'New passkey',
      body: (v: TVars) => [`The passkey “${v.name}” was added to your ${v.shopName} account on ${v.when}. It can now sign you in without a password.`],
      closingNote: () => 'If this was not you, remove this passkey from your account and change your password: someone may have access to your session.',
    },
    removed: {
      subject: (v: TVars) => `A passkey was removed from your account – ${v.shopName}`,
      title: 'Passkey removed',
      body: (v: TVars) => [
        v.byStaff
          ? `At your request, our customer service removed the passkey “${v.name}” from your ${v.shopName} account on ${v.when}. It can no longer sign you in.`
          : `The passkey “${v.name}” was removed from your ${v.shopName} account on ${v.when}. It can no longer sign you in.`,
      ],
      closingNote: () => 'If this was not you, change your password and disconnect the devices you do not recognise.',
    },
  },
} satisfies Record<TLocale, unknown>;

/** "A passkey was added / removed": the owner hears of every change to how the account is entered. */
export function renderPasskeyEmail(options: {
  template: TPasskeyEmailTemplate;
  locale: TLocale;
  branding: TBranding;
  firstName: string | null;
  passkeyName: string;
  occurredAt: Date;
  passkeysUrl: string;
  byStaff?: boolean;
}): TRenderedEmail {
  const t = texts[options.locale];
  const message = options.template === 'passkey_added' ? t.added : t.removed;
  const vars: TVars = {
    shopName: options.branding.shopName,
    name: options.passkeyName,
    when: t.when(options.occurredAt),
    byStaff: options.byStaff ?? false,
  };
  const layout = renderEmailLayout({
    locale: options.locale,
    branding: options.branding,
    preheader: message.title,
    title: message.title,
    paragraphs: [t.greeting(options.firstName?.trim() || null), ...message.body(vars)],
    action: { label: t.action, url: options.passkeysUrl },
    closingNote: message.closingNote(),
    footerLines: [t.footer(vars.shopName)],
  });
  // A line break in a header would let a shop name (or a passkey's name) forge other headers.
  return { ...layout, subject: message.subject(vars).replace(/[\r\n]+/g, ' ') };
}
