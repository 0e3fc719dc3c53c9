import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.js';
import { createWalletFiles, TEST_PASS_TYPE_ID, type TWalletFiles } from '../../../test/support/wallet.js';

let files: TWalletFiles;
beforeAll(() => {
  files = createWalletFiles();
});
afterAll(() => files?.remove());

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig({ NODE_ENV: 'test', ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

const apple = () => Object.fromEntries(Object.entries(files.env).filter(([name]) => name.startsWith('APPLE_')));
const google = () => Object.fromEntries(Object.entries(files.env).filter(([name]) => name.startsWith('GOOGLE_')));

describe('wallet settings (loadConfig)', () => {
  it('none set: both wallets are off, and that is no problem', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).wallet).toEqual({ apple: null, google: null });
  });

  it('everything set: the files are read at start, the key decrypted with its passphrase', () => {
    const { wallet } = loadConfig({ NODE_ENV: 'test', ...files.env });
    expect(wallet.apple).toMatchObject({ passTypeId: TEST_PASS_TYPE_ID, teamId: 'TEAM123456' });
    expect(wallet.apple!.signerKeyPem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    expect(wallet.google).toMatchObject({ issuerId: files.env.GOOGLE_WALLET_ISSUER_ID, clientEmail: 'wallet@comptoir-test.iam.gserviceaccount.com', privateKeyId: 'test-key-1' });
  });

  it('a partial configuration lists every missing variable of that wallet', () => {
    const { APPLE_WALLET_KEY_PATH: _key, APPLE_WALLET_WWDR_PATH: _wwdr, ...partial } = apple();
    const problems = problemsOf({ ...partial, GOOGLE_WALLET_ISSUER_ID: '3388000000012345678' });
    expect(problems.map((problem) => problem.split(':')[0]).sort()).toEqual(['APPLE_WALLET_KEY_PATH', 'APPLE_WALLET_WWDR_PATH', 'GOOGLE_WALLET_SERVICE_ACCOUNT_PATH']);
  });

  it('a missing file, a wrong passphrase, a key of another certificate, a certificate of another pass type and a foreign WWDR are each named', () => {
    expect(problemsOf({ ...apple(), APPLE_WALLET_CERT_PATH: path.join(files.dir, 'absent.pem') })).toEqual([
      `APPLE_WALLET_CERT_PATH: cannot read ${path.join(files.dir, 'absent.pem')} (ENOENT)`,
    ]);
    expect(problemsOf({ ...apple(), APPLE_WALLET_KEY_PASSPHRASE: 'pas la bonne' })).toEqual([
      'APPLE_WALLET_KEY_PATH: not a PEM private key that APPLE_WALLET_KEY_PASSPHRASE opens',
    ]);
    const { APPLE_WALLET_KEY_PASSPHRASE: _passphrase, ...withoutPassphrase } = apple();
    expect(problemsOf(withoutPassphrase)).toEqual(['APPLE_WALLET_KEY_PATH: not a PEM private key (an encrypted key needs APPLE_WALLET_KEY_PASSPHRASE)']);

    const otherKey = path.join(files.dir, 'other.key');
    execFileSync('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', otherKey], { stdio: 'ignore' });
    expect(problemsOf({ ...withoutPassphrase, APPLE_WALLET_KEY_PATH: otherKey })).toEqual([
      'APPLE_WALLET_KEY_PATH: this key does not belong to the certificate in APPLE_WALLET_CERT_PATH',
    ]);
    expect(problemsOf({ ...apple(), APPLE_WALLET_PASS_TYPE_ID: 'pass.fr.autre.carte' })).toEqual([
      `APPLE_WALLET_CERT_PATH: the certificate is for the pass type ${TEST_PASS_TYPE_ID}, not APPLE_WALLET_PASS_TYPE_ID pass.fr.autre.carte`,
    ]);
    expect(problemsOf({ ...apple(), APPLE_WALLET_WWDR_PATH: files.caPem })[0]).toMatch(/^APPLE_WALLET_WWDR_PATH: this is not the certificate that issued/);
    expect(problemsOf({ ...apple(), APPLE_WALLET_TEAM_ID: 'team' })[0]).toMatch(/^APPLE_WALLET_TEAM_ID: must be a 10-character Apple team identifier/);
  });

  it('a service account file that is not JSON, or lacks its address or key, is named', () => {
    const broken = path.join(files.dir, 'broken.json');
    writeFileSync(broken, '{ not json');
    expect(problemsOf({ ...google(), GOOGLE_WALLET_SERVICE_ACCOUNT_PATH: broken })).toEqual([
      'GOOGLE_WALLET_SERVICE_ACCOUNT_PATH: not JSON (expected the service account key file Google Cloud gives)',
    ]);
    writeFileSync(broken, JSON.stringify({ private_key: 'nope' }));
    expect(problemsOf({ ...google(), GOOGLE_WALLET_SERVICE_ACCOUNT_PATH: broken })).toEqual([
      'GOOGLE_WALLET_SERVICE_ACCOUNT_PATH: the file has no client_email',
      'GOOGLE_WALLET_SERVICE_ACCOUNT_PATH: private_key is not a PEM private key',
    ]);
  });
});
