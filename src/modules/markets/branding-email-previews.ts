import { fillRecipientSlot, type TBranding, type TLocale, type TRenderedEmail } from '../../platform/mail/mail-layout.js';
import { ACCOUNT_APPROVED_TEMPLATE, ACCOUNT_REFUSED_TEMPLATE, renderAccountApprovedEmail, renderAccountRefusedEmail } from '../account-approval/account-approval.emails.js';
import {
  renderAccountExistsEmail,
  renderGuestClaimEmail,
  renderLoginCodeEmail,
  renderLoginCodeNoAccountEmail,
  renderPasswordChangedEmail,
  renderPasswordResetEmail,
  renderVerifyEmail,
} from '../auth/auth.emails.js';
import { COMPANY_INVITATION_TEMPLATE, renderInvitationEmail } from '../companies/invitations.emails.js';
import { renderEmailChangedByStaffEmail, STAFF_EMAIL_CHANGED_TEMPLATE } from '../customer-admin/customer-admin.emails.js';
import { renderEmailChangedEmail, renderEmailChangeNoticeEmail, renderEmailChangeVerifyEmail } from '../customers/email-change.emails.js';
import { renderNewsletterWelcomeEmail } from '../marketing/marketing.emails.js';
import { renderPasskeyEmail } from '../passkeys/passkeys.emails.js';
import { MESSAGE_RECEIVED_TEMPLATE, renderMessageReceivedEmail } from '../messages/messages.emails.js';
import { CONTACT_ANSWERED_TEMPLATE, renderContactAnsweredEmail } from '../contact/contact.emails.js';
import { ORDER_APPROVAL_TEMPLATE, renderOrderApprovalEmail, renderReturnStatusEmail, RETURN_STATUS_TEMPLATE } from '../orders/orders.emails.js';
import { ACCOUNT_DELETED_TEMPLATE, renderAccountDeletedEmail } from '../privacy/privacy.emails.js';
import { renderStaffInvitationEmail, STAFF_INVITATION_TEMPLATE } from '../staff/staff.emails.js';
import {
  REGISTRY_CONTRIBUTION_TEMPLATE,
  REGISTRY_GIFT_TEMPLATE,
  REGISTRY_MESSAGE_TEMPLATE,
  REGISTRY_THANKS_TEMPLATE,
  renderRegistryContributionEmail,
  renderRegistryGiftEmail,
  renderRegistryMessageEmail,
  renderRegistryThanksEmail,
} from '../registries/registries.emails.js';
import type { TMarket } from './market-directory.js';

// Every email the server sends, drawn with sample data and a market's branding, for staff to
// see before customers do (F7.5). A test holds this list equal to the `template:` names in src/.

type TSample = { branding: TBranding; locale: TLocale; base: string };
type TPreview = { description: { fr: string; en: string }; render: (sample: TSample) => TRenderedEmail };

const SAMPLE_TOKEN = 'exemple-apercu';
const SAMPLE_DATE = new Date('2026-03-14T09:30:00Z');
const firstName = (locale: TLocale) => (locale === 'fr' ? 'Camille' : 'Sam');

const previews = {
  verify_email: {
    description: { fr: 'Vérification de l’adresse après l’inscription', en: 'Address verification after sign-up' },
    render: ({ branding, locale, base }) => renderVerifyEmail({ locale, branding, firstName: firstName(locale), link: `${base}/verify-email?token=${SAMPLE_TOKEN}` }),
  },
  guest_claim: {
    description: { fr: 'Inscription avec l’adresse d’un compte invité', en: 'Sign-up with a guest account’s address' },
    render: ({ branding, locale, base }) => renderGuestClaimEmail({ locale, branding, firstName: firstName(locale), link: `${base}/verify-email?token=${SAMPLE_TOKEN}` }),
  },
  account_exists: {
    description: { fr: 'Inscription avec une adresse qui a déjà un compte', en: 'Sign-up with an address that has an account' },
    render: ({ branding, locale, base }) =>
      renderAccountExistsEmail({ locale, branding, firstName: firstName(locale), signInUrl: `${base}/sign-in`, resetUrl: `${base}/forgot-password`, verifyLink: null }),
  },
  login_code: {
    description: { fr: 'Code de connexion', en: 'Sign-in code' },
    render: ({ branding, locale }) => renderLoginCodeEmail({ locale, branding, firstName: firstName(locale), code: '482913' }),
  },
  login_code_no_account: {
    description: { fr: 'Demande de code pour une adresse sans compte', en: 'Code asked for an address without an account' },
    render: ({ branding, locale, base }) => renderLoginCodeNoAccountEmail({ locale, branding, firstName: null, signUpUrl: `${base}/sign-up` }),
  },
  password_reset: {
    description: { fr: 'Lien de réinitialisation du mot de passe', en: 'Password reset link' },
    render: ({ branding, locale, base }) => renderPasswordResetEmail({ locale, branding, firstName: firstName(locale), link: `${base}/reset-password?token=${SAMPLE_TOKEN}` }),
  },
  password_changed: {
    description: { fr: 'Mot de passe changé', en: 'Password changed' },
    render: ({ branding, locale, base }) =>
      renderPasswordChangedEmail({ locale, branding, firstName: firstName(locale), resetUrl: `${base}/forgot-password`, occurredAt: SAMPLE_DATE }),
  },
  passkey_added: {
    description: { fr: 'Clé d’accès ajoutée', en: 'Passkey added' },
    render: ({ branding, locale, base }) =>
      renderPasskeyEmail({ template: 'passkey_added', locale, branding, firstName: firstName(locale), passkeyName: 'iPhone', occurredAt: SAMPLE_DATE, passkeysUrl: `${base}/passkeys` }),
  },
  passkey_removed: {
    description: { fr: 'Clé d’accès retirée', en: 'Passkey removed' },
    render: ({ branding, locale, base }) =>
      renderPasskeyEmail({ template: 'passkey_removed', locale, branding, firstName: firstName(locale), passkeyName: 'iPhone', occurredAt: SAMPLE_DATE, passkeysUrl: `${base}/passkeys` }),
  },
  email_change_verify: {
    description: { fr: 'Confirmation de la nouvelle adresse', en: 'New address confirmation' },
    render: ({ branding, locale, base }) =>
      renderEmailChangeVerifyEmail({ locale, branding, firstName: firstName(locale), link: `${base}/email-change/confirm?token=${SAMPLE_TOKEN}` }),
  },
  email_change_notice: {
    description: { fr: 'Avis à l’ancienne adresse d’un changement demandé', en: 'Notice to the old address of a requested change' },
    render: ({ branding, locale, base }) =>
      renderEmailChangeNoticeEmail({
        locale,
        branding,
        firstName: firstName(locale),
        maskedNewEmail: 'c•••••@exemple.fr',
        reportLink: `${base}/email-change/report?token=${SAMPLE_TOKEN}`,
        requestedAt: SAMPLE_DATE,
      }),
  },
  email_changed: {
    description: { fr: 'Adresse de connexion changée', en: 'Sign-in address changed' },
    render: ({ branding, locale, base }) => renderEmailChangedEmail({ locale, branding, firstName: firstName(locale), signInUrl: `${base}/sign-in` }),
  },
  [STAFF_EMAIL_CHANGED_TEMPLATE]: {
    description: { fr: 'Adresse changée par la boutique', en: 'Address changed by the shop' },
    render: ({ branding, locale }) =>
      renderEmailChangedByStaffEmail({ locale, branding, firstName: firstName(locale), maskedNewEmail: 'c•••••@exemple.fr', changedAt: SAMPLE_DATE }),
  },
  newsletter_welcome: {
    description: { fr: 'Bienvenue dans la lettre d’information', en: 'Welcome to the newsletter' },
    render: ({ branding, locale, base }) =>
      renderNewsletterWelcomeEmail({
        locale,
        branding,
        firstName: firstName(locale),
        links: { unsubscribeUrl: `${base}/unsubscribe?token=${SAMPLE_TOKEN}`, preferencesUrl: `${base}/preferences` },
      }),
  },
  [COMPANY_INVITATION_TEMPLATE]: {
    description: { fr: 'Invitation dans une entreprise', en: 'Invitation to a company' },
    render: ({ branding, locale, base }) =>
      renderInvitationEmail({ locale, branding, companyName: 'Atelier Durand', inviterName: 'Claire Fontaine', role: 'member', link: `${base}/invitations/accept?token=${SAMPLE_TOKEN}` }),
  },
  [ACCOUNT_APPROVED_TEMPLATE]: {
    description: { fr: 'Compte validé par la boutique', en: 'Account approved by the shop' },
    render: ({ branding, locale, base }) => renderAccountApprovedEmail({ locale, branding, firstName: firstName(locale), signInUrl: `${base}/sign-in` }),
  },
  [ACCOUNT_REFUSED_TEMPLATE]: {
    description: { fr: 'Compte refusé par la boutique', en: 'Account refused by the shop' },
    render: ({ branding, locale }) =>
      renderAccountRefusedEmail({ locale, branding, firstName: firstName(locale), reason: locale === 'fr' ? 'Numéro SIRET introuvable.' : 'SIRET number not found.' }),
  },
  [ORDER_APPROVAL_TEMPLATE]: {
    description: { fr: 'Décision sur une commande à valider', en: 'Decision on an order awaiting approval' },
    render: ({ branding, locale, base }) =>
      renderOrderApprovalEmail({ locale, branding, orderNumber: 'CMD-10428', approved: true, decidedByName: 'Claire Fontaine', reason: null, link: `${base}/orders` }),
  },
  [RETURN_STATUS_TEMPLATE]: {
    description: { fr: 'Suivi d’une demande de retour', en: 'Return request update' },
    render: ({ branding, locale, base }) =>
      renderReturnStatusEmail({ locale, branding, orderNumber: 'CMD-10428', status: 'approved', storeNote: null, link: `${base}/returns` }),
  },
  [ACCOUNT_DELETED_TEMPLATE]: {
    description: { fr: 'Compte supprimé', en: 'Account deleted' },
    render: ({ branding, locale }) => renderAccountDeletedEmail({ locale, branding, deletedAt: SAMPLE_DATE }),
  },
  [STAFF_INVITATION_TEMPLATE]: {
    description: { fr: 'Invitation dans le back office', en: 'Back-office invitation' },
    render: ({ branding, locale, base }) =>
      renderStaffInvitationEmail({ locale, branding, inviterName: 'Odile Martin', role: 'support', totpRequired: false, link: `${base}/admin/setup?token=${SAMPLE_TOKEN}` }),
  },
  // Gift registries (F5.6): to the owners when something arrives, and their thank-you to a giver.
  [REGISTRY_GIFT_TEMPLATE]: {
    description: { fr: 'Cadeau réservé ou offert sur une liste', en: 'Gift reserved or given on a registry' },
    render: ({ branding, locale, base }) =>
      renderRegistryGiftEmail({ ...registrySample(locale, base), branding, giverName: 'Odile', itemName: 'Poussette', quantity: 1, bought: false, message: locale === 'fr' ? 'Pour les balades !' : 'For the walks!' }),
  },
  [REGISTRY_CONTRIBUTION_TEMPLATE]: {
    description: { fr: 'Participation à la cagnotte d’une liste', en: 'Contribution to a registry’s fund' },
    render: ({ branding, locale, base }) =>
      renderRegistryContributionEmail({ ...registrySample(locale, base), branding, giverName: 'Odile', amount: 5000, currency: 'EUR', message: null }),
  },
  [REGISTRY_MESSAGE_TEMPLATE]: {
    description: { fr: 'Message d’un visiteur sur une liste', en: 'A visitor’s message on a registry' },
    render: ({ branding, locale, base }) =>
      renderRegistryMessageEmail({ ...registrySample(locale, base), branding, giverName: 'Odile', message: locale === 'fr' ? 'Vivement mars !' : 'Can’t wait for March!' }),
  },
  [REGISTRY_THANKS_TEMPLATE]: {
    description: { fr: 'Remerciement des titulaires d’une liste à un donateur', en: 'A registry owners’ thank-you to a giver' },
    render: ({ branding, locale }) =>
      renderRegistryThanksEmail({ locale, branding, giverName: 'Odile', ownerNames: 'Léa et Hugo Martin', registryTitle: 'Jeanne', message: locale === 'fr' ? 'Merci pour la poussette !' : 'Thank you for the stroller!' }),
  },
  // Messages and contact (F5.2, F5.4): a new message in the account, an answer of the shop.
  [MESSAGE_RECEIVED_TEMPLATE]: {
    description: { fr: 'Nouveau message de la boutique dans l’espace client', en: 'A new message from the shop in the account' },
    render: ({ branding, locale, base }) =>
      renderMessageReceivedEmail({
        locale,
        branding,
        firstName: firstName(locale),
        messageUrl: `${base}/messages/msg_sample`,
        withText: true,
        subject: locale === 'fr' ? 'Votre commande est prête' : 'Your order is ready',
        body: locale === 'fr' ? 'Vous pouvez la retirer en magasin dès demain.' : 'You can collect it in store from tomorrow.',
      }),
  },
  [CONTACT_ANSWERED_TEMPLATE]: {
    description: { fr: 'Réponse de la boutique à une demande', en: 'The shop’s answer to a request' },
    render: ({ branding, locale, base }) =>
      renderContactAnsweredEmail({
        locale,
        branding,
        firstName: firstName(locale),
        subject: locale === 'fr' ? 'Facture introuvable' : 'Invoice not found',
        answer: locale === 'fr' ? 'Elle est maintenant dans vos documents.' : 'It is now in your documents.',
        threadUrl: `${base}/contact/thr_sample`,
      }),
  },
} satisfies Record<string, TPreview>;

function registrySample(locale: TLocale, base: string) {
  return { locale, firstName: firstName(locale), registryTitle: locale === 'fr' ? 'La liste de naissance de Jeanne' : 'Jeanne’s birth registry', registryUrl: `${base}/my-registries/reg_sample` };
}

export type TEmailPreviewTemplate = keyof typeof previews;
export const emailPreviewTemplates = Object.keys(previews) as TEmailPreviewTemplate[];

export function isEmailPreviewTemplate(name: string): name is TEmailPreviewTemplate {
  return Object.hasOwn(previews, name);
}

export function listEmailPreviews(): { template: TEmailPreviewTemplate; description: { fr: string; en: string } }[] {
  return emailPreviewTemplates.map((template) => ({ template, description: previews[template].description }));
}

/** The email as the market's customers would get it, with sample names, codes and links on its host. */
export function renderEmailPreview(market: TMarket, template: TEmailPreviewTemplate, locale: TLocale) {
  // The recipient's line (their card number) belongs to a real customer: none in a preview.
  const { subject, html, text } = fillRecipientSlot(previews[template].render({ branding: market.branding, locale, base: market.publicUrl }), null);
  return { subject, html, text, from: market.branding.sender.from, replyTo: market.branding.sender.replyTo };
}
