import { renderEmailLayout, type TBranding, type TLocale, type TRenderedEmail } from '../../platform/mail/mail-layout.js';

export const ACCOUNT_APPROVED_TEMPLATE = 'account_approved';
export const ACCOUNT_REFUSED_TEMPLATE = 'account_refused';

const nbsp = '\u00a0';

type TVars = { shopName: string };

const texts = {
  fr: {
    greeting: (firstName: string | null) => (firstName ? `Bonjour ${firstName},` : 'Bonjour,'),
    footer: ({ shopName }: TVars) => `Vous recevez cet e-mail car vous avez créé un compte sur ${shopName} avec cette adresse.`,
    approved: {
      subject: ({ shopName }: TVars) => `Votre compte est validé – ${shopName}`,
      title: 'Votre compte est validé',
      body: ({ shopName }: TVars) => [
        `Bonne nouvelle${nbsp}: l’équipe de ${shopName} a validé votre compte. Vous pouvez dès maintenant vous connecter et passer commande.`,
      ],
      action: 'Me connecter',
      closingNote: 'Si vous n’avez pas créé de compte, vous pouvez ignorer cet e-mail.',
    },
    refused: {
      subject: ({ shopName }: TVars) => `Votre demande de compte – ${shopName}`,
      title: 'Votre demande de compte',
      body: ({ shopName }: TVars) => [
        `Merci de l’intérêt que vous portez à ${shopName}. Après examen, nous ne pouvons malheureusement pas valider votre compte pour le moment.`,
      ],
      reason: (reason: string) => `Motif indiqué par la boutique${nbsp}: ${reason}`,
      contact: `Si vous pensez qu’il s’agit d’une erreur ou si votre situation change, contactez la boutique${nbsp}: nous réexaminerons volontiers votre demande.`,
      closingNote: 'Vos données restent consultables et supprimables depuis votre espace client.',
    },
    pendingNote: ({ shopName }: TVars) =>
      `Votre compte devra ensuite être validé par l’équipe de ${shopName}. Vous pourrez vous connecter dès la confirmation de votre adresse, et vous recevrez un e-mail dès que votre compte sera validé.`,
  },
  en: {
    greeting: (firstName: string | null) => (firstName ? `Hello ${firstName},` : 'Hello,'),
    footer: ({ shopName }: TVars) => `You are receiving this email because you created an account on ${shopName} with this address.`,
    approved: {
      subject: ({ shopName }: TVars) => `Your account is approved – ${shopName}`,
      title: 'Your account is approved',
      body: ({ shopName }: TVars) => [`Good news: the ${shopName} team has approved your account. You can sign in and place orders now.`],
      action: 'Sign in',
      closingNote: 'If you did not create an account, you can ignore this email.',
    },
    refused: {
      subject: ({ shopName }: TVars) => `Your account request – ${shopName}`,
      title: 'Your account request',
      body: ({ shopName }: TVars) => [
        `Thank you for your interest in ${shopName}. After review, we are sorry that we cannot approve your account at this time.`,
      ],
      reason: (reason: string) => `Reason given by the shop: ${reason}`,
      contact: 'If you think this is a mistake or your situation changes, contact the shop: we will gladly look at your request again.',
      closingNote: 'You can still view or delete your data from your account.',
    },
    pendingNote: ({ shopName }: TVars) =>
      `Your account will then need to be approved by the ${shopName} team. You can sign in as soon as your address is confirmed, and we will email you as soon as your account is approved.`,
  },
} satisfies Record<TLocale, unknown>;

type TDecisionEmail = { locale: TLocale; branding: TBranding; firstName: string | null; signInUrl: string };

function render(
  options: { locale: TLocale; branding: TBranding; firstName: string | null },
  content: { subject: string; title: string; paragraphs: string[]; action?: { label: string; url: string }; closingNote: string },
): TRenderedEmail {
  const t = texts[options.locale];
  const vars = { shopName: options.branding.shopName };
  const { html, text, sender } = renderEmailLayout({
    locale: options.locale,
    branding: options.branding,
    preheader: content.title,
    title: content.title,
    paragraphs: [t.greeting(options.firstName?.trim() || null), ...content.paragraphs],
    ...(content.action ? { action: content.action } : {}),
    closingNote: content.closingNote,
    footerLines: [t.footer(vars)],
  });
  // A line break in a header would let a shop name forge other headers.
  return { subject: content.subject.replace(/[\r\n]+/g, ' '), html, text, sender };
}

/** « Votre compte est validé », with a sign-in link. */
export function renderAccountApprovedEmail(options: TDecisionEmail): TRenderedEmail {
  const t = texts[options.locale].approved;
  const vars = { shopName: options.branding.shopName };
  return render(options, {
    subject: t.subject(vars),
    title: t.title,
    paragraphs: t.body(vars),
    action: { label: t.action, url: options.signInUrl },
    closingNote: t.closingNote,
  });
}

/** A polite refusal, with the staff's reason when they gave one. */
export function renderAccountRefusedEmail(options: Omit<TDecisionEmail, 'signInUrl'> & { reason: string | null }): TRenderedEmail {
  const t = texts[options.locale].refused;
  const vars = { shopName: options.branding.shopName };
  return render(options, {
    subject: t.subject(vars),
    title: t.title,
    paragraphs: [...t.body(vars), ...(options.reason ? [t.reason(options.reason)] : []), t.contact],
    closingNote: t.closingNote,
  });
}

/** The sentence the verification email of a pending account adds: confirming is not the end. */
export function approvalPendingNote(locale: TLocale, branding: TBranding): string {
  return texts[locale].pendingNote({ shopName: branding.shopName });
}
