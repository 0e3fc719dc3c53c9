import { renderEmailLayout, type TBranding, type TLocale, type TRenderedEmail } from '../../platform/mail/mail-layout.js';
import type { TReturnStatus } from './orders.tables.js';

export const RETURN_STATUS_TEMPLATE = 'return_status';
export const ORDER_APPROVAL_TEMPLATE = 'order_approval';

// French typography wants a non-breaking space before : ; ! and ?
const nbsp = '\u00a0';
/** A line break in a header would let an order number forge other headers. */
const oneLine = (value: string) => value.replace(/[\r\n]+/g, ' ');

const returnTexts: Record<TLocale, { status: Record<TReturnStatus, string>; subject: (n: string, s: string) => string; intro: (n: string) => string; newStatus: (s: string) => string; note: string; action: string; footer: (shop: string) => string }> = {
  fr: {
    status: {
      requested: 'demandé',
      approved: 'accepté',
      refused: 'refusé',
      received: 'reçu par la boutique',
      refunded: 'remboursé',
      cancelled: 'annulé',
    },
    subject: (number, status) => `Votre retour pour la commande ${number}${nbsp}: ${status}`,
    intro: (number) => `Votre demande de retour pour la commande ${number} a changé de statut.`,
    newStatus: (status) => `Nouveau statut${nbsp}: ${status}.`,
    note: `Message de la boutique${nbsp}:`,
    action: 'Voir mon retour',
    footer: (shop) => `Vous recevez cet e-mail parce que vous avez demandé un retour chez ${shop}.`,
  },
  en: {
    status: { requested: 'requested', approved: 'approved', refused: 'refused', received: 'received by the shop', refunded: 'refunded', cancelled: 'cancelled' },
    subject: (number, status) => `Your return for order ${number}: ${status}`,
    intro: (number) => `The status of your return request for order ${number} has changed.`,
    newStatus: (status) => `New status: ${status}.`,
    note: 'Message from the shop:',
    action: 'View my return',
    footer: (shop) => `You are receiving this email because you asked for a return at ${shop}.`,
  },
};

/** The store moved a return on (F4.4): the new status and the store's note. */
export function renderReturnStatusEmail(options: {
  locale: TLocale;
  branding: TBranding;
  orderNumber: string;
  status: TReturnStatus;
  storeNote: string | null;
  link: string;
}): TRenderedEmail {
  const t = returnTexts[options.locale];
  const status = t.status[options.status];
  const paragraphs = [t.intro(options.orderNumber), t.newStatus(status)];
  if (options.storeNote) paragraphs.push(`${t.note} ${options.storeNote}`);
  const { html, text, sender } = renderEmailLayout({
    locale: options.locale,
    branding: options.branding,
    preheader: t.subject(options.orderNumber, status),
    title: t.subject(options.orderNumber, status),
    paragraphs,
    action: { label: t.action, url: options.link },
    footerLines: [t.footer(options.branding.shopName)],
  });
  return { subject: oneLine(t.subject(options.orderNumber, status)), html, text, sender };
}

const approvalTexts: Record<TLocale, { subject: (n: string, ok: boolean) => string; body: (n: string, ok: boolean, by: string | null) => string; reason: string; action: string; footer: (shop: string) => string }> = {
  fr: {
    subject: (number, ok) => `Votre commande ${number} a été ${ok ? 'approuvée' : 'refusée'}`,
    body: (number, ok, by) =>
      ok
        ? `${by ?? 'Un administrateur'} a approuvé votre commande ${number}${nbsp}: la boutique la prépare.`
        : `${by ?? 'Un administrateur'} a refusé votre commande ${number}${nbsp}; elle ne sera pas préparée.`,
    reason: `Motif${nbsp}:`,
    action: 'Voir la commande',
    footer: (shop) => `Vous recevez cet e-mail parce que vous avez passé cette commande chez ${shop} pour votre entreprise.`,
  },
  en: {
    subject: (number, ok) => `Your order ${number} was ${ok ? 'approved' : 'refused'}`,
    body: (number, ok, by) =>
      ok ? `${by ?? 'An administrator'} approved your order ${number}: the shop is preparing it.` : `${by ?? 'An administrator'} refused your order ${number}; it will not be prepared.`,
    reason: 'Reason:',
    action: 'View the order',
    footer: (shop) => `You are receiving this email because you placed this order at ${shop} for your company.`,
  },
};

/** A location administrator decided on the buyer's draft (F3.5). */
export function renderOrderApprovalEmail(options: {
  locale: TLocale;
  branding: TBranding;
  orderNumber: string;
  approved: boolean;
  decidedByName: string | null;
  reason: string | null;
  link: string;
}): TRenderedEmail {
  const t = approvalTexts[options.locale];
  const subject = t.subject(options.orderNumber, options.approved);
  const paragraphs = [t.body(options.orderNumber, options.approved, options.decidedByName)];
  if (options.reason) paragraphs.push(`${t.reason} ${options.reason}`);
  const { html, text, sender } = renderEmailLayout({
    locale: options.locale,
    branding: options.branding,
    preheader: subject,
    title: subject,
    paragraphs,
    action: { label: t.action, url: options.link },
    footerLines: [t.footer(options.branding.shopName)],
  });
  return { subject: oneLine(subject), html, text, sender };
}
