import { renderEmailLayout, type TBranding, type TLocale, type TRenderedEmail } from '../../platform/mail/mail-layout.js';
import { authEmailTexts } from '../auth/auth.emails.texts.js';

// Emails of gift registries (F5.6): to the owner when something arrives, and the owner's
// thank-you to a giver who left an address.

export const REGISTRY_GIFT_TEMPLATE = 'registry_gift_received';
export const REGISTRY_CONTRIBUTION_TEMPLATE = 'registry_contribution_received';
export const REGISTRY_MESSAGE_TEMPLATE = 'registry_message_received';
export const REGISTRY_THANKS_TEMPLATE = 'registry_thank_you';

export function formatMoney(amount: number, currency: string, locale: TLocale): string {
  return new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { style: 'currency', currency }).format(amount / 100);
}

const texts = {
  fr: {
    reservedSubject: (title: string) => `Un cadeau a été réservé sur « ${title} »`,
    boughtSubject: (title: string) => `Un cadeau a été offert sur « ${title} »`,
    reservedBody: (giver: string, quantity: number, item: string) => `${giver} a réservé ${quantity} × ${item}.`,
    boughtBody: (giver: string, quantity: number, item: string) => `${giver} a offert ${quantity} × ${item}.`,
    contributionSubject: (title: string) => `Une participation à votre cagnotte « ${title} »`,
    contributionBody: (giver: string, amount: string) => `${giver} a participé à votre cagnotte : ${amount}.`,
    messageSubject: (title: string) => `Un message sur « ${title} »`,
    messageBody: (giver: string) => `${giver} vous a laissé un message :`,
    theirMessage: (message: string) => `« ${message} »`,
    action: 'Voir ma liste',
    ownerFooter: (shopName: string) => `Vous recevez cet e-mail parce que vous avez créé une liste chez ${shopName}.`,
    thanksSubject: (owners: string) => `Un mot de remerciement de ${owners}`,
    thanksTitle: (owners: string) => `${owners} vous remercient`,
    thanksGreeting: (giver: string) => `Bonjour ${giver},`,
    thanksIntro: (owners: string, title: string) => `${owners} ont reçu votre cadeau sur leur liste « ${title} » et vous écrivent :`,
    thanksFooter: (shopName: string) =>
      `Vous recevez cet e-mail parce que vous avez laissé votre adresse en offrant un cadeau sur une liste chez ${shopName}. Elle n’est pas communiquée aux titulaires de la liste.`,
  },
  en: {
    reservedSubject: (title: string) => `A gift was reserved on “${title}”`,
    boughtSubject: (title: string) => `A gift was given on “${title}”`,
    reservedBody: (giver: string, quantity: number, item: string) => `${giver} reserved ${quantity} × ${item}.`,
    boughtBody: (giver: string, quantity: number, item: string) => `${giver} gave ${quantity} × ${item}.`,
    contributionSubject: (title: string) => `A contribution to your fund “${title}”`,
    contributionBody: (giver: string, amount: string) => `${giver} contributed to your fund: ${amount}.`,
    messageSubject: (title: string) => `A message on “${title}”`,
    messageBody: (giver: string) => `${giver} left you a message:`,
    theirMessage: (message: string) => `“${message}”`,
    action: 'See my registry',
    ownerFooter: (shopName: string) => `You are receiving this email because you created a registry at ${shopName}.`,
    thanksSubject: (owners: string) => `A thank-you note from ${owners}`,
    thanksTitle: (owners: string) => `${owners} thank you`,
    thanksGreeting: (giver: string) => `Hello ${giver},`,
    thanksIntro: (owners: string, title: string) => `${owners} received your gift on their registry “${title}” and write:`,
    thanksFooter: (shopName: string) =>
      `You are receiving this email because you left your address when giving a gift on a registry at ${shopName}. It is not shown to the registry’s owners.`,
  },
} satisfies Record<TLocale, unknown>;

type TOwnerEmail = { locale: TLocale; branding: TBranding; firstName: string | null; registryTitle: string; registryUrl: string };

/** A line break in a header would let a subject forge other headers. */
const oneLine = (subject: string, shopName: string) => `${subject} – ${shopName}`.replace(/[\r\n]+/g, ' ');

function ownerEmail(options: TOwnerEmail & { subject: string; lines: string[] }): TRenderedEmail {
  const t = texts[options.locale];
  const shopName = options.branding.shopName;
  const { html, text, sender } = renderEmailLayout({
    locale: options.locale,
    branding: options.branding,
    preheader: options.lines[0],
    title: options.subject,
    paragraphs: [authEmailTexts[options.locale].greeting(options.firstName?.trim() || null), ...options.lines],
    action: { label: t.action, url: options.registryUrl },
    footerLines: [t.ownerFooter(shopName)],
  });
  return { subject: oneLine(options.subject, shopName), html, text, sender };
}

export function renderRegistryGiftEmail(
  options: TOwnerEmail & { giverName: string; itemName: string; quantity: number; bought: boolean; message: string | null },
): TRenderedEmail {
  const t = texts[options.locale];
  const lines = [(options.bought ? t.boughtBody : t.reservedBody)(options.giverName, options.quantity, options.itemName)];
  if (options.message) lines.push(t.theirMessage(options.message));
  return ownerEmail({ ...options, subject: (options.bought ? t.boughtSubject : t.reservedSubject)(options.registryTitle), lines });
}

export function renderRegistryContributionEmail(
  options: TOwnerEmail & { giverName: string; amount: number; currency: string; message: string | null },
): TRenderedEmail {
  const t = texts[options.locale];
  const lines = [t.contributionBody(options.giverName, formatMoney(options.amount, options.currency, options.locale))];
  if (options.message) lines.push(t.theirMessage(options.message));
  return ownerEmail({ ...options, subject: t.contributionSubject(options.registryTitle), lines });
}

export function renderRegistryMessageEmail(options: TOwnerEmail & { giverName: string; message: string }): TRenderedEmail {
  const t = texts[options.locale];
  return ownerEmail({ ...options, subject: t.messageSubject(options.registryTitle), lines: [t.messageBody(options.giverName), t.theirMessage(options.message)] });
}

export function renderRegistryThanksEmail(options: {
  locale: TLocale;
  branding: TBranding;
  giverName: string;
  ownerNames: string;
  registryTitle: string;
  message: string;
}): TRenderedEmail {
  const t = texts[options.locale];
  const shopName = options.branding.shopName;
  const paragraphs = options.message.split(/\n\s*\n/).map((part) => part.trim()).filter(Boolean);
  const { html, text, sender } = renderEmailLayout({
    locale: options.locale,
    branding: options.branding,
    preheader: t.thanksIntro(options.ownerNames, options.registryTitle),
    title: t.thanksTitle(options.ownerNames),
    paragraphs: [t.thanksGreeting(options.giverName), t.thanksIntro(options.ownerNames, options.registryTitle), ...paragraphs],
    footerLines: [t.thanksFooter(shopName)],
  });
  return { subject: oneLine(t.thanksSubject(options.ownerNames), shopName), html, text, sender };
}
