import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';

export const TEST_PASS_TYPE_ID = 'pass.test.comptoir.card';
export const TEST_TEAM_ID = 'TEAM123456';
export const TEST_KEY_PASSPHRASE = 'phrase de passe du certificat';
export const TEST_GOOGLE_ISSUER_ID = '3388000000012345678';

export type TWalletFiles = {
  dir: string;
  caPem: string;
  wwdrPem: string;
  passCertPem: string;
  /** The pass certificate's key, encrypted with TEST_KEY_PASSPHRASE. */
  passKeyPem: string;
  serviceAccountJson: string;
  /** The service account's public key (PEM, SPKI), to check the links' signature. */
  googlePublicKeyPem: string;
  env: Record<string, string>;
  remove(): void;
};

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

/**
 * Throwaway credentials made with OpenSSL, shaped like Apple's: a root, a "WWDR" intermediate
 * it signs, and a pass type certificate the intermediate signs (UID = pass type, OU = team),
 * its RSA key encrypted with a passphrase; and a Google-like service account key file.
 */
export function createWalletFiles(): TWalletFiles {
  const dir = mkdtempSync(path.join(tmpdir(), 'comptoir-wallet-'));
  const file = (name: string) => path.join(dir, name);
  writeFileSync(file('ca.ext'), 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n');
  writeFileSync(file('pass.ext'), 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n');
  openssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Comptoir Test Root', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  openssl(dir, ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'wwdr.key', '-out', 'wwdr.csr', '-subj', '/CN=Comptoir Test WWDR/OU=G4/O=Comptoir Test']);
  openssl(dir, ['x509', '-req', '-in', 'wwdr.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'wwdr.pem', '-days', '2', '-extfile', 'ca.ext']);
  openssl(dir, ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'pass-plain.key']);
  openssl(dir, ['pkey', '-in', 'pass-plain.key', '-aes-256-cbc', '-passout', `pass:${TEST_KEY_PASSPHRASE}`, '-out', 'pass.key']);
  openssl(dir, ['req', '-new', '-key', 'pass-plain.key', '-out', 'pass.csr', '-subj', `/UID=${TEST_PASS_TYPE_ID}/CN=Pass Type ID: ${TEST_PASS_TYPE_ID}/OU=${TEST_TEAM_ID}/O=Comptoir Test/C=FR`]);
  openssl(dir, ['x509', '-req', '-in', 'pass.csr', '-CA', 'wwdr.pem', '-CAkey', 'wwdr.key', '-CAcreateserial', '-out', 'pass.pem', '-days', '2', '-extfile', 'pass.ext']);
  rmSync(file('pass-plain.key'));

  const google = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const serviceAccountJson = JSON.stringify({
    type: 'service_account',
    project_id: 'comptoir-test',
    private_key_id: 'test-key-1',
    private_key: google.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    client_email: 'wallet@comptoir-test.iam.gserviceaccount.com',
  });
  writeFileSync(file('service-account.json'), serviceAccountJson);
  return {
    dir,
    caPem: file('ca.pem'),
    wwdrPem: file('wwdr.pem'),
    passCertPem: file('pass.pem'),
    passKeyPem: file('pass.key'),
    serviceAccountJson: file('service-account.json'),
    googlePublicKeyPem: google.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    env: {
      APPLE_WALLET_PASS_TYPE_ID: TEST_PASS_TYPE_ID,
      APPLE_WALLET_TEAM_ID: TEST_TEAM_ID,
      APPLE_WALLET_CERT_PATH: file('pass.pem'),
      APPLE_WALLET_KEY_PATH: file('pass.key'),
      APPLE_WALLET_KEY_PASSPHRASE: TEST_KEY_PASSPHRASE,
      APPLE_WALLET_WWDR_PATH: file('wwdr.pem'),
      GOOGLE_WALLET_ISSUER_ID: TEST_GOOGLE_ISSUER_ID,
      GOOGLE_WALLET_SERVICE_ACCOUNT_PATH: file('service-account.json'),
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * The files of a zip archive, read from its central directory (a .pkpass is a zip): stored
 * and deflated entries, which is all a pass uses.
 */
export function readZip(archive: Buffer): Map<string, Buffer> {
  const END_SIGNATURE = 0x06054b50;
  let end = archive.length - 22;
  while (end >= 0 && archive.readUInt32LE(end) !== END_SIGNATURE) end -= 1;
  if (end < 0) throw new Error('not a zip archive: no end of central directory');
  const count = archive.readUInt16LE(end + 10);
  let offset = archive.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i += 1) {
    if (archive.readUInt32LE(offset) !== 0x02014b50) throw new Error('broken central directory');
    const method = archive.readUInt16LE(offset + 10);
    const compressedSize = archive.readUInt32LE(offset + 20);
    const nameLength = archive.readUInt16LE(offset + 28);
    const extraLength = archive.readUInt16LE(offset + 30);
    const commentLength = archive.readUInt16LE(offset + 32);
    const localOffset = archive.readUInt32LE(offset + 42);
    const name = archive.subarray(offset + 46, offset + 46 + nameLength).toString('utf8');
    const localNameLength = archive.readUInt16LE(localOffset + 26);
    const localExtraLength = archive.readUInt16LE(localOffset + 28);
    const start = localOffset + 30 + localNameLength + localExtraLength;
    const data = archive.subarray(start, start + compressedSize);
    if (method === 0) files.set(name, Buffer.from(data));
    else if (method === 8) files.set(name, inflateRawSync(data));
    else throw new Error(`zip method ${method} not supported`);
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}
