import { renderEmailLayout, type TBranding, type TLocale, type TRenderedEmail } from '../../platform/mail/mail-layout.js';
import type { TStaffRole } from './staff.tables.js';

export const STAFF_INVITATION_TEMPLATE = 'staff_invitation';

const nbsp = '\u00a0';

const roleNames: Record<TLocale, Record<TStaffRole, string>> = {
  fr: { owner: 'propriétaire', administrator: 'administrateur', support: 'support', read_only: 'lecture seule' },
  en: { owner: 'owner', administrator: 'administrator', support: 'support', read_only: 'read-only' },
};

type TVars = { shopName: string; inviter: string | null; role: string; totpRequired: boolean };

const texts: Record<TLocale, { subject: (v: TVars) => string; body: (v: TVars) => string[]; action: string; closingNote: string }> = {
  fr: {
    subject: ({ shopName }) => `Votre accès au back-office – ${shopName}`,
    body: ({ shopName, inviter, role, totpRequired }) => [
      'Bonjour,',
      `${inviter ?? 'Un administrateur'} vous a créé un compte sur le back-office de ${shopName}, avec le rôle ${role}.`,
      `Ouvrez le lien pour choisir votre mot de passe${totpRequired ? `${nbsp}; vous configurerez ensuite une application d’authentification (obligatoire pour ce rôle)` : ''}.`,
    ],
    action: 'Créer mon accès',
    closingNote: `Ce lien est valable 24${nbsp}heures et ne sert qu’une fois. Si vous n’attendiez pas cet accès, ignorez cet e-mail.`,
  },
  en: {
    subject: ({ shopName }) => `Your back office access – ${shopName}`,
    body: ({ shopName, inviter, role, totpRequired }) => [
      'Hello,',
      `${inviter ?? 'An administrator'} created an account for you in the ${shopName} back office, with the ${role} role.`,
      `Open the link to choose your password${totpRequired ? '; you will then set up an authenticator app (required for this role)' : ''}.`,
    ],
    action: 'Set up my access',
    closingNote: 'This link is valid for 24 hours and works once. If you were not expecting this access, ignore this email.',
  },
};

/** The setup link of a new staff member, sent when an administrator invites them. */
export function renderStaffInvitationEmail(options: {
  locale: TLocale;
  branding: TBranding;
  inviterName: string | null;
  role: TStaffRole;
  totpRequired: boolean;
  link: string;
}): TRenderedEmail {
  const t = texts[options.locale];
  const vars: TVars = {
    shopName: options.branding.shopName,
    inviter: options.inviterName,
    role: roleNames[options.locale][options.role],
    totpRequired: options.totpRequired,
  };
  const { html, text, sender } = renderEmailLayout({
    locale: options.locale,
    branding: options.branding,
    preheader: t.subject(vars),
    title: t.subject(vars),
    paragraphs: t.body(vars),
    action: { label: t.action, url: options.link },
    closingNote: t.closingNote,
  });
  return { subject: t.subject(vars).replace(/[\r\n]+/g, ' '), html, text, sender };
}
