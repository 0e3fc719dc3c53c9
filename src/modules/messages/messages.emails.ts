import { renderEmailLayout, type TBranding, type TLocale, type TRenderedEmail } from '../../platform/mail/mail-layout.js';
import { authEmailTexts } from '../auth/auth.emails.texts.js';

/** A new message in the customer's inbox (F5.2). */
export const MESSAGE_RECEIVED_TEMPLATE = 'message_received';

const texts = {
  fr: {
    subjectWithout: (shopName: string) => `Vous avez un nouveau message – ${shopName}`,
    titleWithout: 'Vous avez un nouveau message',
    preheaderWithout: (shopName: string) => `${shopName} vous a écrit dans votre espace client.`,
    bodyWithout: (shopName: string) => `${shopName} vous a envoyé un message. Lisez-le dans votre espace client.`,
    action: 'Lire le message',
    footer: (shopName: string) => `Vous recevez cet e-mail parce que ${shopName} vous a écrit. Vous pouvez choisir ces avis dans votre espace client, rubrique Messagerie.`,
  },
  en: {
    subjectWithout: (shopName: string) => `You have a new message – ${shopName}`,
    titleWithout: 'You have a new message',
    preheaderWithout: (shopName: string) => `${shopName} wrote to you in your account.`,
    bodyWithout: (shopName: string) => `${shopName} sent you a message. Read it in your account.`,
    action: 'Read the message',
    footer: (shopName: string) => `You are receiving this email because ${shopName} wrote to you. You can choose these notices in your account, under Messages.`,
  },
} satisfies Record<TLocale, unknown>;

/**
 * The notification of a new message. `withText` false (the customer's choice) leaves out the
 * subject and the body: the email only says that a message waits in the account.
 */
export function renderMessageReceivedEmail(options: {
  locale: TLocale;
  branding: TBranding;
  firstName: string | null;
  messageUrl: string;
  withText: boolean;
  subject: string;
  body: string;
}): TRenderedEmail {
  const t = texts[options.locale];
  const auth = authEmailTexts[options.locale];
  const shopName = options.branding.shopName;
  const paragraphs = options.withText ? options.body.split(/\n\s*\n/).map((part) => part.trim()).filter(Boolean) : [t.bodyWithout(shopName)];
  const { html, text, sender } = renderEmailLayout({
    locale: options.locale,
    branding: options.branding,
    preheader: options.withText ? options.subject : t.preheaderWithout(shopName),
    title: options.withText ? options.subject : t.titleWithout,
    paragraphs: [auth.greeting(options.firstName?.trim() || null), ...paragraphs],
    action: { label: t.action, url: options.messageUrl },
    footerLines: [t.footer(shopName)],
  });
  const subject = options.withText ? `${options.subject} – ${shopName}` : t.subjectWithout(shopName);
  // A line break in a header would let a subject forge other headers.
  return { subject: subject.replace(/[\r\n]+/g, ' '), html, text, sender };
}
