import { renderEmailLayout, type TBranding, type TLocale, type TRenderedEmail } from '../../platform/mail/mail-layout.js';
import type { TCompanyRole } from './companies.tables.js';

export const COMPANY_INVITATION_TEMPLATE = 'company_invitation';

type TVars = { shopName: string; companyName: string; inviter: string | null; role: TCompanyRole };

// French typography wants a non-breaking space before : ; ! and ?
const nbsp = '\u00a0';

const texts: Record<
  TLocale,
  {
    subject: (vars: TVars) => string;
    title: (vars: TVars) => string;
    preheader: (vars: TVars) => string;
    body: (vars: TVars) => string[];
    action: string;
    closingNote: (vars: TVars) => string;
    footer: (vars: TVars) => string;
  }
> = {
  fr: {
    subject: ({ shopName, companyName }) => `Invitation à rejoindre ${companyName} – ${shopName}`,
    title: ({ companyName }) => `Rejoignez ${companyName}`,
    preheader: ({ shopName, companyName }) => `Votre invitation au compte professionnel ${companyName} chez ${shopName}.`,
    body: ({ shopName, companyName, inviter, role }) => [
      'Bonjour,',
      `${inviter ?? 'Un administrateur'} vous invite à rejoindre le compte professionnel de ${companyName} chez ${shopName}, ${
        role === 'admin' ? 'en tant qu’administrateur ou administratrice' : 'en tant qu’utilisateur ou utilisatrice'
      }.`,
      `Avec ce compte, vous achetez pour ${companyName} et retrouvez vos commandes${role === 'admin' ? `${nbsp}; vous pourrez aussi inviter et gérer vos collègues` : ''}. Si vous n’avez pas encore de compte chez ${shopName}, il sera créé en acceptant.`,
    ],
    action: 'Accepter l’invitation',
    closingNote: () =>
      `Ce lien est valable 7${nbsp}jours et ne sert qu’une fois. Si vous ne connaissez pas cette entreprise, ignorez simplement cet e-mail.`,
    footer: ({ shopName }) => `Vous recevez cet e-mail parce qu’un client professionnel de ${shopName} a saisi cette adresse.`,
  },
  en: {
    subject: ({ shopName, companyName }) => `Invitation to join ${companyName} – ${shopName}`,
    title: ({ companyName }) => `Join ${companyName}`,
    preheader: ({ shopName, companyName }) => `Your invitation to the ${companyName} business account at ${shopName}.`,
    body: ({ shopName, companyName, inviter, role }) => [
      'Hello,',
      `${inviter ?? 'An administrator'} invites you to join the business account of ${companyName} at ${shopName}, as ${
        role === 'admin' ? 'an administrator' : 'a user'
      }.`,
      `With it you buy for ${companyName} and find your orders${role === 'admin' ? '; you can also invite and manage your colleagues' : ''}. If you have no account at ${shopName} yet, accepting creates one.`,
    ],
    action: 'Accept the invitation',
    closingNote: () => 'This link is valid for 7 days and works once. If you do not know this company, simply ignore this email.',
    footer: ({ shopName }) => `You are receiving this email because a business customer of ${shopName} entered this address.`,
  },
};

/** The invitation to join a company (F3.3), holding `{PUBLIC_URL}/invitations/accept?token=…`. */
export function renderInvitationEmail(options: {
  locale: TLocale;
  branding: TBranding;
  companyName: string;
  inviterName: string | null;
  role: TCompanyRole;
  link: string;
}): TRenderedEmail {
  const t = texts[options.locale];
  const vars: TVars = {
    shopName: options.branding.shopName,
    companyName: options.companyName,
    inviter: options.inviterName,
    role: options.role,
  };
  const { html, text, sender } = renderEmailLayout({
    locale: options.locale,
    branding: options.branding,
    preheader: t.preheader(vars),
    title: t.title(vars),
    paragraphs: t.body(vars),
    action: { label: t.action, url: options.link },
    closingNote: t.closingNote(vars),
    footerLines: [t.footer(vars)],
  });
  // A line break in a header would let a company name forge other headers.
  return { subject: t.subject(vars).replace(/[\r\n]+/g, ' '), html, text, sender };
}
