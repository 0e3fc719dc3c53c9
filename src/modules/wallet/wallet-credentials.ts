import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * The shop's wallet credentials (F5.1), read once at start from the files the operator names.
 * Each wallet is all or nothing: a partial set, an unreadable file or a key that does not fit
 * its certificate is a start-up problem, so a misconfigured shop never shows a button that fails.
 */

export type TAppleWalletCredentials = {
  passTypeId: string;
  teamId: string;
  /** PEM, as passkit-generator signs with them. The key is kept decrypted and unencrypted (PKCS#1). */
  signerCertPem: string;
  signerKeyPem: string;
  wwdrPem: string;
};

export type TGoogleWalletCredentials = {
  issuerId: string;
  /** The service account that signs "save" links: its address is the JWT's `iss`. */
  clientEmail: string;
  privateKey: KeyObject;
  /** Sent as the JWT's `kid` when the key file names it. */
  privateKeyId: string | null;
};

export type TWalletCredentials = { apple: TAppleWalletCredentials | null; google: TGoogleWalletCredentials | null };

export type TWalletEnvironment = {
  APPLE_WALLET_PASS_TYPE_ID?: string | undefined;
  APPLE_WALLET_TEAM_ID?: string | undefined;
  APPLE_WALLET_CERT_PATH?: string | undefined;
  APPLE_WALLET_KEY_PATH?: string | undefined;
  APPLE_WALLET_KEY_PASSPHRASE?: string | undefined;
  APPLE_WALLET_WWDR_PATH?: string | undefined;
  GOOGLE_WALLET_ISSUER_ID?: string | undefined;
  GOOGLE_WALLET_SERVICE_ACCOUNT_PATH?: string | undefined;
};

const APPLE_REQUIRED = ['APPLE_WALLET_PASS_TYPE_ID', 'APPLE_WALLET_TEAM_ID', 'APPLE_WALLET_CERT_PATH', 'APPLE_WALLET_KEY_PATH', 'APPLE_WALLET_WWDR_PATH'] as const;
const GOOGLE_REQUIRED = ['GOOGLE_WALLET_ISSUER_ID', 'GOOGLE_WALLET_SERVICE_ACCOUNT_PATH'] as const;

/** Names every missing variable of a wallet that is partly configured; nothing when none is set. */
function missingOf(env: TWalletEnvironment, required: readonly (keyof TWalletEnvironment)[], optional: (keyof TWalletEnvironment)[], problems: string[]): boolean {
  const set = [...required, ...optional].filter((name) => env[name] !== undefined);
  if (set.length === 0) return false;
  const missing = required.filter((name) => env[name] === undefined);
  for (const name of missing) problems.push(`${name}: required with ${set.join(', ')} (set every variable of this wallet, or none)`);
  return missing.length === 0;
}

function readText(name: string, path: string, problems: string[]): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    problems.push(`${name}: cannot read ${path} (${reason})`);
    return null;
  }
}

function certificateOf(name: string, pem: string | null, problems: string[]): X509Certificate | null {
  if (pem === null) return null;
  try {
    return new X509Certificate(pem);
  } catch {
    problems.push(`${name}: not a PEM certificate`);
    return null;
  }
}

function loadApple(env: TWalletEnvironment, problems: string[]): TAppleWalletCredentials | null {
  if (!missingOf(env, APPLE_REQUIRED, ['APPLE_WALLET_KEY_PASSPHRASE'], problems)) return null;
  const before = problems.length;
  const certPem = readText('APPLE_WALLET_CERT_PATH', env.APPLE_WALLET_CERT_PATH!, problems);
  const keyPem = readText('APPLE_WALLET_KEY_PATH', env.APPLE_WALLET_KEY_PATH!, problems);
  const wwdrPem = readText('APPLE_WALLET_WWDR_PATH', env.APPLE_WALLET_WWDR_PATH!, problems);
  const certificate = certificateOf('APPLE_WALLET_CERT_PATH', certPem, problems);
  const wwdr = certificateOf('APPLE_WALLET_WWDR_PATH', wwdrPem, problems);
  let key: KeyObject | null = null;
  if (keyPem !== null) {
    try {
      key = createPrivateKey({ key: keyPem, format: 'pem', ...(env.APPLE_WALLET_KEY_PASSPHRASE ? { passphrase: env.APPLE_WALLET_KEY_PASSPHRASE } : {}) });
    } catch {
      problems.push(
        env.APPLE_WALLET_KEY_PASSPHRASE
          ? 'APPLE_WALLET_KEY_PATH: not a PEM private key that APPLE_WALLET_KEY_PASSPHRASE opens'
          : 'APPLE_WALLET_KEY_PATH: not a PEM private key (an encrypted key needs APPLE_WALLET_KEY_PASSPHRASE)',
      );
    }
  }
  // Apple's pass certificates are RSA, and passkit-generator signs with RSA only.
  if (key && key.asymmetricKeyType !== 'rsa') problems.push('APPLE_WALLET_KEY_PATH: must be an RSA key (as Apple issues for pass certificates)');
  if (certificate && key && key.asymmetricKeyType === 'rsa' && !certificate.checkPrivateKey(key)) {
    problems.push('APPLE_WALLET_KEY_PATH: this key does not belong to the certificate in APPLE_WALLET_CERT_PATH');
  }
  // Apple writes the pass type in the certificate's UID: a certificate for another pass type signs passes Wallet refuses.
  const uid = certificate ? /(?:^|\n)UID=([^\n]+)/.exec(certificate.subject)?.[1] : undefined;
  if (uid && uid !== env.APPLE_WALLET_PASS_TYPE_ID) {
    problems.push(`APPLE_WALLET_CERT_PATH: the certificate is for the pass type ${uid}, not APPLE_WALLET_PASS_TYPE_ID ${env.APPLE_WALLET_PASS_TYPE_ID}`);
  }
  if (wwdr && certificate && !certificate.checkIssued(wwdr)) {
    problems.push('APPLE_WALLET_WWDR_PATH: this is not the certificate that issued APPLE_WALLET_CERT_PATH (download the matching Apple WWDR intermediate)');
  }
  if (problems.length > before || !key || !certPem || !wwdrPem) return null;
  return {
    passTypeId: env.APPLE_WALLET_PASS_TYPE_ID!,
    teamId: env.APPLE_WALLET_TEAM_ID!,
    signerCertPem: certPem,
    signerKeyPem: key.export({ type: 'pkcs1', format: 'pem' }).toString(),
    wwdrPem,
  };
}

function loadGoogle(env: TWalletEnvironment, problems: string[]): TGoogleWalletCredentials | null {
  if (!missingOf(env, GOOGLE_REQUIRED, [], problems)) return null;
  const text = readText('GOOGLE_WALLET_SERVICE_ACCOUNT_PATH', env.GOOGLE_WALLET_SERVICE_ACCOUNT_PATH!, problems);
  if (text === null) return null;
  let account: { client_email?: unknown; private_key?: unknown; private_key_id?: unknown };
  try {
    account = JSON.parse(text) as typeof account;
  } catch {
    problems.push('GOOGLE_WALLET_SERVICE_ACCOUNT_PATH: not JSON (expected the service account key file Google Cloud gives)');
    return null;
  }
  const before = problems.length;
  if (typeof account.client_email !== 'string' || !account.client_email.includes('@')) {
    problems.push('GOOGLE_WALLET_SERVICE_ACCOUNT_PATH: the file has no client_email');
  }
  let privateKey: KeyObject | null = null;
  if (typeof account.private_key !== 'string') {
    problems.push('GOOGLE_WALLET_SERVICE_ACCOUNT_PATH: the file has no private_key');
  } else {
    try {
      privateKey = createPrivateKey(account.private_key);
      if (privateKey.asymmetricKeyType !== 'rsa') problems.push('GOOGLE_WALLET_SERVICE_ACCOUNT_PATH: private_key must be an RSA key (links are signed RS256)');
    } catch {
      problems.push('GOOGLE_WALLET_SERVICE_ACCOUNT_PATH: private_key is not a PEM private key');
    }
  }
  if (problems.length > before || !privateKey) return null;
  return {
    issuerId: env.GOOGLE_WALLET_ISSUER_ID!,
    clientEmail: account.client_email as string,
    privateKey,
    privateKeyId: typeof account.private_key_id === 'string' ? account.private_key_id : null,
  };
}

/** Both wallets' credentials, each null when not configured; every problem is pushed to `problems`. */
export function loadWalletCredentials(env: TWalletEnvironment, problems: string[]): TWalletCredentials {
  return { apple: loadApple(env, problems), google: loadGoogle(env, problems) };
}
