import { renderEmailLayout, type TBranding, type TLocale, type TRenderedEmail } from '../../platform/mail/mail-layout.js';
import { authEmailTexts } from '../auth/auth.emails.texts.js';

export const emailChangeEmailTemplates = ['email_change_verify', 'email_change_notice', 'email_changed'] as const;
export type TEmailChangeEmailTemplate = (typeof emailChangeEmailTemplates)[number];

type TBase = { locale: TLocale; branding: TBranding; firstName: string | null };
type TShop = { shopName: string };

// French typography wants a non-breaking space before : ; ! and ?
const nbsp = '\u00a0';

const texts = {
  fr: {
    verify: {
      subject: ({ shopName }: TShop) => `Confirmez votre nouvelle adresse e-mail – ${shopName}`,
      title: 'Confirmez votre nouvelle adresse e-mail',
      preheader: ({ shopName }: TShop) => `Un clic pour vous connecter à ${shopName} avec cette adresse.`,
      body: ({ shopName }: TShop) => [
        `Vous avez demandé à vous connecter à votre compte ${shopName} avec cette adresse e-mail. Confirmez-la avec le bouton ci-dessous${nbsp}: d’ici là, votre adresse actuelle reste celle de votre compte.`,
      ],
      action: 'Confirmer ma nouvelle adresse',
      closingNote: `Ce lien est valable 24${nbsp}heures et ne sert qu’une fois. Si vous n’êtes pas à l’origine de cette demande, ignorez cet e-mail${nbsp}: rien ne changera.`,
    },
    notice: {
      subject: ({ shopName }: TShop) => `Changement de votre adresse e-mail demandé – ${shopName}`,
      title: 'Changement de votre adresse e-mail',
      preheader: ({ shopName }: TShop) => `Votre compte ${shopName} pourrait bientôt utiliser une autre adresse.`,
      body: ({ shopName, masked, when }: TShop & { masked: string; when: string }) => [
        `Le ${when}, quelqu’un connecté à votre compte ${shopName} a demandé à remplacer cette adresse e-mail de connexion par ${masked}.`,
        `Tant que la nouvelle adresse n’est pas confirmée, celle-ci reste valable pour vous connecter.`,
        `Ce n’était pas vous${nbsp}? Signalez-le${nbsp}: nous annulerons le changement (ou remettrons cette adresse), déconnecterons toutes les sessions et vous enverrons un lien pour choisir un nouveau mot de passe.`,
      ],
      action: 'Ce n’était pas moi',
      closingNote: `Ce lien est valable 14${nbsp}jours. Si c’était bien vous, vous n’avez rien à faire.`,
    },
    changed: {
      subject: ({ shopName }: TShop) => `Votre adresse de connexion a changé – ${shopName}`,
      title: 'Votre adresse de connexion a changé',
      preheader: ({ shopName }: TShop) => `Vous vous connectez désormais à ${shopName} avec cette adresse.`,
      body: ({ shopName }: TShop) => [
        `C’est fait${nbsp}: vous vous connectez désormais à votre compte ${shopName} avec cette adresse e-mail, et c’est à elle que nous écrirons.`,
      ],
      action: 'Me connecter',
      closingNote: `L’ancienne adresse ne permet plus de se connecter.`,
    },
  },
  en: {
    verify: {
      subject: ({ shopName }: TShop) => `Confirm your new email address – ${shopName}`,
      title: 'Confirm your new email address',
      preheader: ({ shopName }: TShop) => `One click to sign in to ${shopName} with this address.`,
      body: ({ shopName }: TShop) => [
        `You asked to sign in to your ${shopName} account with this email address. Confirm it with the button below; until then, your current address stays the one of your account.`,
      ],
      action: 'Confirm my new address',
      closingNote: `This link is valid for 24 hours and works once. If you did not ask for this, ignore this email: nothing will change.`,
    },
    notice: {
      subject: ({ shopName }: TShop) => `A change of your email address was requested – ${shopName}`,
      title: 'Change of your email address',
      preheader: ({ shopName }: TShop) => `Your ${shopName} account may soon use another address.`,
      body: ({ shopName, masked, when }: TShop & { masked: string; when: string }) => [
        `On ${when}, someone signed in to your ${shopName} account asked to replace this sign-in email address with ${masked}.`,
        `Until the new address is confirmed, this one still signs you in.`,
        `Wasn’t you? Report it: we will cancel the change (or put this address back), sign out every session and send you a link to choose a new password.`,
      ],
      action: 'It wasn’t me',
      closingNote: `This link is valid for 14 days. If it was you, there is nothing to do.`,
    },
    changed: {
      subject: ({ shopName }: TShop) => `Your sign-in address has changed – ${shopName}`,
      title: 'Your sign-in address has changed',
      preheader: ({ shopName }: TShop) => `You now sign in to ${shopName} with this address.`,
      body: ({ shopName }: TShop) => [
        `Done: you now sign in to your ${shopName} account with this email address, and this is where we will write to you.`,
      ],
      action: 'Sign in',
      closingNote: `The previous address no longer signs in.`,
    },
  },
} satisfies Record<TLocale, unknown>;

type TContent = { subject: string; title: string; preheader: string; paragraphs: string[]; action: { label: string; url: string }; closingNote: string };

function render(options: TBase, content: TContent): TRenderedEmail {
  const auth = authEmailTexts[options.locale];
  const shop = { shopName: options.branding.shopName };
  const { html, text, sender } = renderEmailLayout({
    locale: options.locale,
    branding: options.branding,
    preheader: content.preheader,
    title: content.title,
    paragraphs: [auth.greeting(options.firstName?.trim() || null), ...content.paragraphs],
    action: content.action,
    closingNote: content.closingNote,
    footerLines: [auth.footer(shop)],
  });
  // A line break in a header would let a shop name forge other headers.
  return { subject: content.subject.replace(/[\r\n]+/g, ' '), html, text, sender };
}

/** To the new address: the link that proves it and makes it the sign-in address. */
export function renderEmailChangeVerifyEmail(options: TBase & { link: string }): TRenderedEmail {
  const t = texts[options.locale].verify;
  const shop = { shopName: options.branding.shopName };
  return render(options, {
    subject: t.subject(shop),
    title: t.title,
    preheader: t.preheader(shop),
    paragraphs: t.body(shop),
    action: { label: t.action, url: options.link },
    closingNote: t.closingNote,
  });
}

/** To the current address: a change was asked for, and the "it wasn't me" link. */
export function renderEmailChangeNoticeEmail(
  options: TBase & { maskedNewEmail: string; reportLink: string; requestedAt: Date },
): TRenderedEmail {
  const t = texts[options.locale].notice;
  const shop = { shopName: options.branding.shopName };
  const vars = { ...shop, masked: options.maskedNewEmail, when: authEmailTexts[options.locale].formatDate(options.requestedAt) };
  return render(options, {
    subject: t.subject(shop),
    title: t.title,
    preheader: t.preheader(shop),
    paragraphs: t.body(vars),
    action: { label: t.action, url: options.reportLink },
    closingNote: t.closingNote,
  });
}

/** To the new address once confirmed: it is now the one that signs in. */
export function renderEmailChangedEmail(options: TBase & { signInUrl: string }): TRenderedEmail {
  const t = texts[options.locale].changed;
  const shop = { shopName: options.branding.shopName };
  return render(options, {
    subject: t.subject(shop),
    title: t.title,
    preheader: t.preheader(shop),
    paragraphs: t.body(shop),
    action: { label: t.action, url: options.signInUrl },
    closingNote: t.closingNote,
  });
}
