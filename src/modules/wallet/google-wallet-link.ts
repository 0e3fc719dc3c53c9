import { SignJWT } from 'jose';
import type { TBranding } from '../../platform/mail/mail-layout.js';
import { formatCardNumber } from '../cards/card-number.rules.js';
import type { TGoogleWalletCredentials } from './wallet-credentials.js';

export const GOOGLE_SAVE_URL = 'https://pay.google.com/gp/v/save/';

export type TGoogleCardContent = {
  cardNumber: string;
  holderName: string;
  points: number;
  branding: TBranding;
  marketCode: string;
  /** The market's public address: the only origin whose pages may show the save button. */
  publicUrl: string;
};

/** Google's ids allow letters, digits, `.`, `_` and `-` after the issuer id. */
function classIdOf(issuerId: string, marketCode: string): string {
  return `${issuerId}.comptoir-${marketCode.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/**
 * The "save to Google Wallet" link of a member card (F5.1): a JWT signed RS256 with the shop's
 * service-account key, carrying the market's loyalty class and the customer's loyalty object,
 * which Google creates when the link is opened. Made here: nothing is sent to Google. Once saved,
 * Google keeps the object as it was; updating its name or points needs Google's REST API
 * (docs/OPERATIONS.md), which this deployment does not call.
 */
export async function signGoogleWalletLink(credentials: TGoogleWalletCredentials, content: TGoogleCardContent): Promise<string> {
  const classId = classIdOf(credentials.issuerId, content.marketCode);
  const logoUri = content.branding.logoUrl ?? `${content.publicUrl}/apple-touch-icon.png`;
  const payload = {
    loyaltyClasses: [
      {
        id: classId,
        issuerName: content.branding.shopName,
        programName: content.branding.shopName,
        programLogo: { sourceUri: { uri: logoUri } },
        hexBackgroundColor: content.branding.accentColor,
        reviewStatus: 'UNDER_REVIEW',
      },
    ],
    loyaltyObjects: [
      {
        id: `${credentials.issuerId}.${content.cardNumber}`,
        classId,
        state: 'ACTIVE',
        accountId: content.cardNumber,
        accountName: content.holderName,
        barcode: { type: 'CODE_128', value: content.cardNumber, alternateText: formatCardNumber(content.cardNumber) },
        // "Points" in French and English alike.
        loyaltyPoints: { label: 'Points', balance: { int: content.points } },
      },
    ],
  };
  const header = { alg: 'RS256', typ: 'JWT', ...(credentials.privateKeyId ? { kid: credentials.privateKeyId } : {}) };
  const jwt = await new SignJWT({ typ: 'savetowallet', origins: [content.publicUrl], payload })
    .setProtectedHeader(header)
    .setIssuer(credentials.clientEmail)
    .setAudience('google')
    .setIssuedAt()
    .sign(credentials.privateKey);
  return `${GOOGLE_SAVE_URL}${jwt}`;
}
