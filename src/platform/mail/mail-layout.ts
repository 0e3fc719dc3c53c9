// Table layout and inline styles throughout: Outlook for Windows renders with Word and Gmail
// drops most <style> blocks, so nothing here may rely on a stylesheet.

export type TBranding = { shopName: string; primaryColor: string; logoUrl: string | null; publicUrl: string };
export type TLocale = 'fr' | 'en';
export type TRenderedEmail = { subject: string; html: string; text: string };
export type TEmailLink = { label: string; url: string };

export type TEmailLayoutOptions = {
  locale: TLocale;
  branding: TBranding;
  /** Inbox preview line, hidden in the body. */
  preheader?: string;
  title: string;
  paragraphs: string[];
  /** The one call to action, drawn as a button with its URL written out below. */
  action?: TEmailLink;
  /** Lesser links, drawn as plain labelled links under the button. */
  links?: TEmailLink[];
  code?: string;
  closingNote?: string;
  footerLines?: string[];
  /** Links in the footer, such as a marketing email's visible unsubscribe link. */
  footerLinks?: TEmailLink[];
};

const layoutTexts: Record<TLocale, { linkFallback: string }> = {
  fr: { linkFallback: 'Le bouton ne fonctionne pas\u00a0? Copiez ce lien dans votre navigateur\u00a0:' },
  en: { linkFallback: 'Button not working? Copy this link into your browser:' },
};

const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const MONO = "'SFMono-Regular',Menlo,Consolas,'Liberation Mono','Courier New',monospace";
const INK = '#1f2937';
const MUTED = '#52525b';
const PAGE = '#f4f4f5';
const FALLBACK_COLOR = '#1f2937';

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function isHttpUrl(value: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(value);
}

// A link that is not http(s) (javascript:, data:, relative) is a bug in the caller, not
// something to send to a customer.
function assertHttpUrl(value: string): string {
  if (!isHttpUrl(value)) throw new Error(`Email links must be absolute http(s) URLs, got ${JSON.stringify(value)}`);
  return value;
}

// The colour lands in style attributes, where escaping alone would not stop CSS injection.
function normalizeColor(value: string): string {
  const match = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(value.trim());
  if (!match?.[1]) return FALLBACK_COLOR;
  const hex = match[1].length === 3 ? [...match[1]].map((c) => c + c).join('') : match[1];
  return `#${hex.toLowerCase()}`;
}

function luminance(hex: string): number {
  const [r = 0, g = 0, b = 0] = [1, 3, 5].map((i) => {
    const channel = parseInt(hex.slice(i, i + 2), 16) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (high + 0.05) / (low + 0.05);
}

function brandPalette(primaryColor: string): { brand: string; onBrand: string; link: string } {
  const brand = normalizeColor(primaryColor);
  const onBrand = contrast(brand, '#ffffff') >= contrast(brand, '#111111') ? '#ffffff' : '#111111';
  // Links sit on white: a pale brand colour would be unreadable there.
  const link = contrast(brand, '#ffffff') >= 4.5 ? brand : '#1d4ed8';
  return { brand, onBrand, link };
}

function paragraph(content: string, style = ''): string {
  return `<p style="margin:0 0 16px;font-family:${FONT};font-size:16px;line-height:24px;color:${INK};${style}">${content}</p>`;
}

function renderHeader(branding: TBranding, brand: string, onBrand: string): string {
  const name = escapeHtml(branding.shopName);
  const inner =
    branding.logoUrl && isHttpUrl(branding.logoUrl)
      ? `<img src="${escapeHtml(branding.logoUrl)}" alt="${name}" height="48" style="display:block;margin:0 auto;height:48px;width:auto;max-width:100%;border:0;outline:none;text-decoration:none;">`
      : `<span style="font-family:${FONT};font-size:22px;line-height:30px;font-weight:bold;color:${onBrand};">${name}</span>`;
  return `<tr><td align="center" bgcolor="${brand}" style="padding:24px;background-color:${brand};border-radius:8px 8px 0 0;">${inner}</td></tr>`;
}

function renderButton(action: TEmailLink, brand: string, onBrand: string, link: string, locale: TLocale): string {
  const url = escapeHtml(assertHttpUrl(action.url));
  return [
    `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 16px;border-collapse:separate;">`,
    `<tr><td align="center" bgcolor="${brand}" style="border-radius:6px;background-color:${brand};mso-padding-alt:14px 28px;">`,
    `<a href="${url}" style="display:inline-block;padding:14px 28px;font-family:${FONT};font-size:16px;line-height:20px;font-weight:bold;color:${onBrand};text-decoration:none;border-radius:6px;">${escapeHtml(action.label)}</a>`,
    `</td></tr></table>`,
    paragraph(escapeHtml(layoutTexts[locale].linkFallback), `font-size:14px;line-height:20px;color:${MUTED};margin-bottom:4px;`),
    paragraph(
      `<a href="${url}" style="color:${link};text-decoration:underline;word-break:break-all;">${url}</a>`,
      'font-size:14px;line-height:20px;word-break:break-all;',
    ),
  ].join('\n');
}

function renderCode(code: string): string {
  return [
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 24px;">`,
    `<tr><td align="center" bgcolor="${PAGE}" style="padding:16px 16px 16px 24px;background-color:${PAGE};border:1px solid #e4e4e7;border-radius:8px;font-family:${MONO};font-size:32px;line-height:40px;mso-line-height-rule:exactly;font-weight:bold;letter-spacing:8px;color:#111827;">${escapeHtml(code)}</td></tr>`,
    `</table>`,
  ].join('\n');
}

/**
 * Where the outbox puts a line about the recipient (their member card number) in every email,
 * whatever its template: the layout leaves a slot that `fillRecipientSlot` fills or removes.
 */
const RECIPIENT_SLOT = { html: '<!--comptoir:recipient-->', text: '\n{{comptoir:recipient}}' } as const;

function renderFooter(branding: TBranding, footerLines: string[], footerLinks: TEmailLink[]): string {
  const name = escapeHtml(branding.shopName);
  const shop = isHttpUrl(branding.publicUrl)
    ? `<a href="${escapeHtml(branding.publicUrl)}" style="color:${MUTED};text-decoration:underline;">${name}</a>`
    : name;
  const small = `font-size:13px;line-height:20px;color:${MUTED};margin:0 0 8px;`;
  const lines = footerLines.map((line) => paragraph(escapeHtml(line), small));
  const links = footerLinks.map((link) =>
    paragraph(
      `<a href="${escapeHtml(assertHttpUrl(link.url))}" style="color:${MUTED};text-decoration:underline;">${escapeHtml(link.label)}</a>`,
      small,
    ),
  );
  return [paragraph(`<strong>${shop}</strong>`, small), RECIPIENT_SLOT.html, ...lines, ...links].join('\n');
}

export function fillRecipientSlot(rendered: TRenderedEmail, line: string | null): TRenderedEmail {
  const small = `font-size:13px;line-height:20px;color:${MUTED};margin:0 0 8px;`;
  return {
    subject: rendered.subject,
    html: rendered.html.replace(RECIPIENT_SLOT.html, line ? paragraph(escapeHtml(line), small) : ''),
    text: rendered.text.replace(RECIPIENT_SLOT.text, line ? `\n${line}` : ''),
  };
}

function renderHtml(options: TEmailLayoutOptions): string {
  const { locale, branding, title } = options;
  const { brand, onBrand, link } = brandPalette(branding.primaryColor);
  const body: string[] = [
    `<h1 style="margin:0 0 16px;font-family:${FONT};font-size:22px;line-height:30px;font-weight:bold;color:#111827;">${escapeHtml(title)}</h1>`,
    ...options.paragraphs.map((text) => paragraph(escapeHtml(text))),
  ];
  if (options.code) body.push(renderCode(options.code));
  if (options.action) body.push(renderButton(options.action, brand, onBrand, link, locale));
  for (const extra of options.links ?? []) {
    const url = escapeHtml(assertHttpUrl(extra.url));
    body.push(paragraph(`<a href="${url}" style="color:${link};text-decoration:underline;">${escapeHtml(extra.label)}</a>`));
  }
  if (options.closingNote) body.push(paragraph(escapeHtml(options.closingNote), `font-size:14px;line-height:22px;color:${MUTED};`));

  // The zero-width filler keeps clients from padding the preview with the body's first words.
  const preheader = options.preheader
    ? `<div style="display:none;max-height:0;max-width:0;overflow:hidden;mso-hide:all;font-size:1px;line-height:1px;opacity:0;color:${PAGE};">${escapeHtml(options.preheader)}${'&#847;&zwnj;&nbsp;'.repeat(40)}</div>`
    : '';

  return [
    '<!DOCTYPE html>',
    `<html lang="${locale}" dir="ltr" xmlns="http://www.w3.org/1999/xhtml" xmlns:o="urn:schemas-microsoft-com:office:office">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    '<meta http-equiv="X-UA-Compatible" content="IE=edge">',
    '<meta name="x-apple-disable-message-reformatting">',
    '<meta name="color-scheme" content="light">',
    '<meta name="supported-color-schemes" content="light">',
    `<title>${escapeHtml(title)}</title>`,
    '<!--[if mso]><noscript><xml><o:OfficeDocumentSettings><o:PixelsPerInch>96</o:PixelsPerInch></o:OfficeDocumentSettings></xml></noscript><![endif]-->',
    '<!--[if mso]><style>body,table,td,p,a,span,h1{font-family:Arial,sans-serif !important;}</style><![endif]-->',
    '</head>',
    `<body style="margin:0;padding:0;width:100%;background-color:${PAGE};-webkit-text-size-adjust:100%;-ms-text-size-adjust:100%;">`,
    preheader,
    // Webmail embeds the body in its own page; the article keeps language and name for screen readers.
    `<div role="article" aria-roledescription="email" aria-label="${escapeHtml(title)}" lang="${locale}" dir="ltr">`,
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="${PAGE}" style="background-color:${PAGE};">`,
    '<tr><td align="center" style="padding:24px 12px;">',
    // Outlook ignores max-width, so it gets a fixed 600px table of its own.
    '<!--[if mso]><table role="presentation" width="600" align="center" cellpadding="0" cellspacing="0" border="0"><tr><td><![endif]-->',
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;margin:0 auto;">',
    renderHeader(branding, brand, onBrand),
    `<tr><td bgcolor="#ffffff" style="padding:32px 28px 16px;background-color:#ffffff;border-radius:0 0 8px 8px;">`,
    body.join('\n'),
    '</td></tr>',
    `<tr><td align="center" style="padding:24px 28px 8px;text-align:center;">`,
    renderFooter(branding, options.footerLines ?? [], options.footerLinks ?? []),
    '</td></tr>',
    '</table>',
    '<!--[if mso]></td></tr></table><![endif]-->',
    '</td></tr>',
    '</table>',
    '</div>',
    '</body>',
    '</html>',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

function renderText(options: TEmailLayoutOptions): string {
  const blocks: string[] = [options.title, ...options.paragraphs];
  if (options.code) blocks.push(options.code);
  if (options.action) blocks.push(`${options.action.label}${options.locale === 'fr' ? '\u00a0:' : ':'}\n${options.action.url}`);
  for (const extra of options.links ?? []) {
    blocks.push(`${extra.label}${options.locale === 'fr' ? '\u00a0:' : ':'}\n${extra.url}`);
  }
  if (options.closingNote) blocks.push(options.closingNote);
  const footer = [
    options.branding.shopName,
    `${options.branding.publicUrl}${RECIPIENT_SLOT.text}`,
    ...(options.footerLines ?? []),
    ...(options.footerLinks ?? []).map((link) => `${link.label}${options.locale === 'fr' ? '\u00a0:' : ':'} ${link.url}`),
  ];
  blocks.push(`--\n${footer.join('\n')}`);
  return `${blocks.join('\n\n')}\n`;
}

export function renderEmailLayout(options: TEmailLayoutOptions): { html: string; text: string } {
  return { html: renderHtml(options), text: renderText(options) };
}
