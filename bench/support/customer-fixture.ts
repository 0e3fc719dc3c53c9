import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

export type TBenchCustomer = {
  email: string;
  password: string;
  /** For `Authorization: Bearer …`. */
  sessionToken: string;
};

type TMailboxItem = { id: string; to: string; template: string; subject: string; text: string };

const PASSWORD = 'correct horse battery staple bench';
const MAILBOX_WAIT_MS = 10_000;

/** Registers a fresh customer, opens the verification link from the dev mailbox, signs in. */
export async function createVerifiedCustomer(options: { baseUrl: string }): Promise<TBenchCustomer> {
  const email = `bench-${randomUUID()}@example.com`;
  await postJson(options.baseUrl, '/api/auth/register', {
    email,
    password: PASSWORD,
    firstName: 'Bench',
    lastName: 'Mark',
  }, 202);
  const token = await readVerificationToken(options.baseUrl, email);
  const signedIn = await postJson(options.baseUrl, '/api/auth/verify-email', { token }, 200);
  const sessionToken = (signedIn as { token?: unknown }).token;
  if (typeof sessionToken !== 'string') {
    throw new Error('POST /api/auth/verify-email answered 200 without a session token');
  }
  return { email, password: PASSWORD, sessionToken };
}

async function readVerificationToken(baseUrl: string, email: string): Promise<string> {
  const deadline = Date.now() + MAILBOX_WAIT_MS;
  while (Date.now() < deadline) {
    const response = await fetch(`${baseUrl}/dev/mailbox/messages.json?limit=50`);
    if (response.status !== 200) {
      throw new Error(`GET /dev/mailbox/messages.json answered ${response.status}: ${await response.text()}`);
    }
    const { items } = (await response.json()) as { items: TMailboxItem[] };
    const message = items.find((item) => item.template === 'verify_email' && item.to === email);
    if (message) {
      const token = /\/verify-email\?token=([^\s&"'<>]+)/.exec(message.text)?.[1];
      if (!token) throw new Error(`the verification email ${message.id} holds no /verify-email?token= link`);
      return decodeURIComponent(token);
    }
    await sleep(200);
  }
  throw new Error(`no verify_email message to ${email} in the dev mailbox after ${MAILBOX_WAIT_MS / 1000} s`);
}

async function postJson(baseUrl: string, path: string, body: unknown, expectedStatus: number): Promise<unknown> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== expectedStatus) {
    throw new Error(`POST ${path} answered ${response.status} (expected ${expectedStatus}): ${text}`);
  }
  return text ? JSON.parse(text) : null;
}
