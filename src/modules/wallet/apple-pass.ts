import { textColorOn } from '../../platform/mail/brand-style.js';
import type { TBranding } from '../../platform/mail/mail-layout.js';
import { formatCardNumber } from '../cards/card-number.rules.js';
import { defaultIconPng } from '../markets/branding-icons.js';
import type { TAppleWalletCredentials } from './wallet-credentials.js';

/** The labels Wallet shows, in the customer's language (Wallet picks the lproj of the phone's). */
const strings = {
  fr: {
    card_description: 'Carte de fidélité',
    holder: 'Titulaire',
    points: 'Points',
    number: 'N° de carte',
    about: 'À propos',
    about_text: 'Présentez cette carte en caisse : vos achats en magasin rejoignent votre historique de commandes. Les points se mettent à jour tout seuls.',
  },
  en: {
    card_description: 'Member card',
    holder: 'Holder',
    points: 'Points',
    number: 'Card number',
    about: 'About',
    about_text: 'Show this card at the till: your in-store purchases join your order history. Points update by themselves.',
  },
} as const;

export type TApplePassContent = {
  cardNumber: string;
  holderName: string;
  points: number;
  branding: TBranding;
  /** `${market.publicUrl}/api/wallet`: where devices register and fetch updates. */
  webServiceUrl: string;
  authenticationToken: string;
  /** The market's uploaded logo when it is a PNG (Wallet draws PNG only); the shop name is written beside it. */
  logoPng: Buffer | null;
};

/** `#1f4e79` → `rgb(31, 78, 121)`, the only colour form pass.json accepts. */
function rgb(hex: string): string {
  return `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
}

/** pass.strings values are quoted strings: a quote or backslash in them must be escaped. */
function escapeStrings(table: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(table).map(([key, value]) => [key, value.replace(/[\\"]/g, '\\$&').replace(/\n/g, '\\n')]));
}

/**
 * The member card as a signed `.pkpass` (F5.1): a store card with the holder, the points and the
 * number, the barcode tills scan (Code 128, with the QR code for watches, which cannot show
 * Code 128), in the market's colours; the manifest and its PKCS#7 signature are made by
 * passkit-generator with the shop's certificate.
 */
export async function renderApplePass(credentials: TAppleWalletCredentials, content: TApplePassContent): Promise<Buffer> {
  // passkit-generator brings node-forge (some 4 MB of memory): loaded with the first pass, not at start.
  const { PKPass } = await import('passkit-generator');
  const background = content.branding.accentColor;
  const foreground = rgb(textColorOn(background));
  const passJson = {
    formatVersion: 1,
    passTypeIdentifier: credentials.passTypeId,
    teamIdentifier: credentials.teamId,
    serialNumber: content.cardNumber,
    organizationName: content.branding.shopName,
    description: 'card_description',
    logoText: content.branding.shopName,
    backgroundColor: rgb(background),
    foregroundColor: foreground,
    labelColor: foreground,
    // A member card is its holder's: the share sheet would hand it to someone else.
    sharingProhibited: true,
    webServiceURL: content.webServiceUrl,
    authenticationToken: content.authenticationToken,
    storeCard: {
      headerFields: [{ key: 'points', label: 'points', value: content.points, changeMessage: '%@ points' }],
      secondaryFields: [
        { key: 'holder', label: 'holder', value: content.holderName },
        { key: 'number', label: 'number', value: formatCardNumber(content.cardNumber) },
      ],
      backFields: [
        { key: 'about', label: 'about', value: 'about_text' },
        ...(content.branding.links.storeUrl ? [{ key: 'store', label: content.branding.shopName, value: content.branding.links.storeUrl }] : []),
      ],
    },
  };
  const files: Record<string, Buffer> = {
    'pass.json': Buffer.from(JSON.stringify(passJson)),
    'icon.png': defaultIconPng(content.branding.primaryColor, 32),
    'icon@3x.png': defaultIconPng(content.branding.primaryColor, 180),
  };
  if (content.logoPng) files['logo.png'] = content.logoPng;
  const pass = new PKPass(files, { wwdr: credentials.wwdrPem, signerCert: credentials.signerCertPem, signerKey: credentials.signerKeyPem });
  const formatted = formatCardNumber(content.cardNumber);
  pass.setBarcodes(
    { format: 'PKBarcodeFormatCode128', message: content.cardNumber, messageEncoding: 'iso-8859-1', altText: formatted },
    { format: 'PKBarcodeFormatQR', message: content.cardNumber, messageEncoding: 'iso-8859-1', altText: formatted },
  );
  pass.localize('fr', escapeStrings(strings.fr));
  pass.localize('en', escapeStrings(strings.en));
  return pass.getAsBuffer();
}
