import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

/**
 * A WebAuthn authenticator in software, for tests that must send real registration and
 * sign-in answers without a browser: an ES256 (P-256) key pair per credential, "none"
 * attestation, authenticator data with the RP ID hash, flags and sign counter, assertions
 * signed over authenticatorData ‖ SHA-256(clientDataJSON) as the specification says.
 */

// —— the few CBOR structures WebAuthn needs (RFC 8949): integers, byte and text strings, maps ——
type TCbor = number | string | Uint8Array | Map<TCbor, TCbor> | { [key: string]: TCbor };

function cborHead(major: number, length: number): Buffer {
  if (length < 24) return Buffer.from([(major << 5) | length]);
  if (length < 0x100) return Buffer.from([(major << 5) | 24, length]);
  if (length < 0x10000) return Buffer.from([(major << 5) | 25, length >> 8, length & 0xff]);
  const head = Buffer.alloc(5);
  head[0] = (major << 5) | 26;
  head.writeUInt32BE(length, 1);
  return head;
}

export function encodeCbor(value: TCbor): Buffer {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new Error('only integers');
    return value >= 0 ? cborHead(0, value) : cborHead(1, -1 - value);
  }
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([cborHead(3, bytes.length), bytes]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([cborHead(2, value.length), Buffer.from(value)]);
  const entries: [TCbor, TCbor][] = value instanceof Map ? [...value.entries()] : Object.entries(value);
  return Buffer.concat([cborHead(5, entries.length), ...entries.flatMap(([key, item]) => [encodeCbor(key), encodeCbor(item)])]);
}

// —— the authenticator ——
const FLAG_USER_PRESENT = 0x01;
const FLAG_USER_VERIFIED = 0x04;
const FLAG_BACKUP_ELIGIBLE = 0x08;
const FLAG_BACKED_UP = 0x10;
const FLAG_ATTESTED_DATA = 0x40;

export type TSoftwareCredential = {
  id: Buffer;
  rpId: string;
  userHandle: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The next assertion reports counter + 1 (0 stays 0 when `counting` is off). */
  counter: number;
};

type TCreationOptions = { challenge: string; rp: { id?: string | undefined }; user: { id: string }; excludeCredentials?: { id: string }[] | undefined };
type TRequestOptions = { challenge: string; rpId?: string | undefined; allowCredentials?: { id: string }[] | undefined };

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();

function coseKeyOf(publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: 'jwk' });
  return encodeCbor(
    new Map<TCbor, TCbor>([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, Buffer.from(jwk.x!, 'base64url')],
      [-3, Buffer.from(jwk.y!, 'base64url')],
    ]),
  );
}

export class SoftwareAuthenticator {
  readonly credentials: TSoftwareCredential[] = [];
  /** Synced passkeys (backed up, multi-device) or a single-device key. */
  readonly backedUp: boolean;
  readonly userVerified: boolean;
  /** False: the counter stays at 0 like many synced passkeys. */
  readonly counting: boolean;

  constructor(options: { backedUp?: boolean; userVerified?: boolean; counting?: boolean } = {}) {
    this.backedUp = options.backedUp ?? false;
    this.userVerified = options.userVerified ?? true;
    this.counting = options.counting ?? true;
  }

  private flags(extra: number): number {
    return (
      FLAG_USER_PRESENT |
      (this.userVerified ? FLAG_USER_VERIFIED : 0) |
      (this.backedUp ? FLAG_BACKUP_ELIGIBLE | FLAG_BACKED_UP : 0) |
      extra
    );
  }

  private authenticatorData(rpId: string, flags: number, counter: number, attested?: Buffer): Buffer {
    const counterBytes = Buffer.alloc(4);
    counterBytes.writeUInt32BE(counter);
    return Buffer.concat([sha256(rpId), Buffer.from([flags]), counterBytes, ...(attested ? [attested] : [])]);
  }

  /** navigator.credentials.create(), as startRegistration() of @simplewebauthn/browser answers it. */
  register(options: TCreationOptions, origin: string, overrides: { rpId?: string; type?: string } = {}) {
    const rpId = overrides.rpId ?? options.rp.id ?? new URL(origin).hostname;
    const excluded = new Set((options.excludeCredentials ?? []).map((descriptor) => descriptor.id));
    if (this.credentials.some((credential) => credential.rpId === rpId && excluded.has(b64url(credential.id)))) {
      throw new Error('InvalidStateError: this authenticator already holds an excluded credential');
    }
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const credential: TSoftwareCredential = { id: randomBytes(32), rpId, userHandle: options.user.id, privateKey, publicKey, counter: 0 };
    this.credentials.push(credential);
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(credential.id.length);
    const attested = Buffer.concat([Buffer.alloc(16), idLength, credential.id, coseKeyOf(publicKey)]);
    const authData = this.authenticatorData(rpId, this.flags(FLAG_ATTESTED_DATA), credential.counter, attested);
    const clientDataJSON = Buffer.from(
      JSON.stringify({ type: overrides.type ?? 'webauthn.create', challenge: options.challenge, origin, crossOrigin: false }),
    );
    const attestationObject = encodeCbor({ fmt: 'none', attStmt: {}, authData });
    return {
      id: b64url(credential.id),
      rawId: b64url(credential.id),
      type: 'public-key' as const,
      response: {
        clientDataJSON: b64url(clientDataJSON),
        attestationObject: b64url(attestationObject),
        transports: ['internal', 'hybrid'],
      },
      authenticatorAttachment: 'platform' as const,
      clientExtensionResults: {},
    };
  }

  /** navigator.credentials.get(): the first credential for the RP (or the one asked for). */
  authenticate(
    options: TRequestOptions,
    origin: string,
    overrides: { credential?: TSoftwareCredential; counter?: number; rpId?: string } = {},
  ) {
    const rpId = overrides.rpId ?? options.rpId ?? new URL(origin).hostname;
    const allowed = new Set((options.allowCredentials ?? []).map((descriptor) => descriptor.id));
    const credential =
      overrides.credential ??
      this.credentials.find((candidate) => candidate.rpId === rpId && (allowed.size === 0 || allowed.has(b64url(candidate.id))));
    if (!credential) throw new Error('NotAllowedError: no credential for this site');
    if (overrides.counter !== undefined) credential.counter = overrides.counter;
    else if (this.counting) credential.counter += 1;
    const authData = this.authenticatorData(rpId, this.flags(0), credential.counter);
    const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge: options.challenge, origin, crossOrigin: false }));
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), credential.privateKey);
    return {
      id: b64url(credential.id),
      rawId: b64url(credential.id),
      type: 'public-key' as const,
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        userHandle: credential.userHandle,
      },
      authenticatorAttachment: 'platform' as const,
      clientExtensionResults: {},
    };
  }
}
