import { z } from 'zod';

/** Base64url without padding, as WebAuthn's JSON forms carry every binary value. */
const ZBase64Url = (max: number) => z.string().min(1).max(max).regex(/^[A-Za-z0-9_-]+$/, 'base64url');

export const passkeyTransports = ['usb', 'nfc', 'ble', 'internal', 'hybrid', 'cable', 'smart-card'] as const;

/**
 * What `startRegistration()` of @simplewebauthn/browser returns. Checked for shape here (every
 * bad field listed); the signature and attestation are the verifier's to check.
 */
export const ZRegistrationResponse = z
  .object({
    id: ZBase64Url(1400),
    rawId: ZBase64Url(1400),
    type: z.literal('public-key'),
    response: z
      .object({
        clientDataJSON: ZBase64Url(8000),
        attestationObject: ZBase64Url(64_000),
        authenticatorData: ZBase64Url(64_000).optional(),
        transports: z.array(z.string().max(32)).max(10).optional(),
        publicKeyAlgorithm: z.number().int().optional(),
        publicKey: ZBase64Url(8000).optional(),
      })
      .loose(),
    authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
    clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  })
  .loose()
  .describe('The object startRegistration() of @simplewebauthn/browser resolves to (RegistrationResponseJSON).');

/** What `startAuthentication()` of @simplewebauthn/browser returns. */
export const ZAuthenticationResponse = z
  .object({
    id: ZBase64Url(1400),
    rawId: ZBase64Url(1400),
    type: z.literal('public-key'),
    response: z
      .object({
        clientDataJSON: ZBase64Url(8000),
        authenticatorData: ZBase64Url(64_000),
        signature: ZBase64Url(2000),
        userHandle: ZBase64Url(200).optional(),
      })
      .loose(),
    authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
    clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  })
  .loose()
  .describe('The object startAuthentication() of @simplewebauthn/browser resolves to (AuthenticationResponseJSON).');
export type TAuthenticationResponse = z.infer<typeof ZAuthenticationResponse>;

const ZPasskeyName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .describe('A name to tell it apart, e.g. "iPhone de Camille" (1–100 characters).');

export const ZAddPasskeyBody = z.object({ response: ZRegistrationResponse, name: ZPasskeyName });
export const ZRenamePasskeyBody = z.object({ name: ZPasskeyName });
export const ZPasskeySignInBody = z.object({ response: ZAuthenticationResponse });
export const ZPasskeyIdParams = z.object({ passkeyId: z.string().min(1).max(64) });
export const ZStaffPasskeyParams = z.object({ customerId: z.string().min(1).max(64), passkeyId: z.string().min(1).max(64) });

/** A passkey as its owner (and staff) see it: never the key or the credential id. */
export const ZPasskey = z.object({
  id: z.string(),
  name: z.string(),
  deviceType: z.enum(['singleDevice', 'multiDevice']).describe('multiDevice: a synced passkey (iCloud Keychain, Google Password Manager…).'),
  backedUp: z.boolean(),
  transports: z.array(z.string()),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
});
export type TPasskey = z.infer<typeof ZPasskey>;
export const ZPasskeyList = z.object({ items: z.array(ZPasskey) });

const ZCredentialDescriptor = z.object({ id: z.string(), type: z.literal('public-key'), transports: z.array(z.string()).optional() });

/** PublicKeyCredentialCreationOptionsJSON, for startRegistration({ optionsJSON }). */
export const ZRegistrationOptions = z
  .object({
    challenge: z.string(),
    rp: z.object({ id: z.string().optional(), name: z.string() }),
    user: z.object({ id: z.string(), name: z.string(), displayName: z.string() }),
    pubKeyCredParams: z.array(z.object({ type: z.literal('public-key'), alg: z.number() })),
    timeout: z.number().optional(),
    excludeCredentials: z.array(ZCredentialDescriptor).optional(),
    authenticatorSelection: z.record(z.string(), z.unknown()).optional(),
    attestation: z.string().optional(),
    extensions: z.record(z.string(), z.unknown()).optional(),
  })
  .loose()
  .describe('Pass it as optionsJSON to startRegistration() of @simplewebauthn/browser; its challenge is valid five minutes, once.');
export type TRegistrationOptions = z.infer<typeof ZRegistrationOptions>;

/** PublicKeyCredentialRequestOptionsJSON, for startAuthentication({ optionsJSON }). */
export const ZAuthenticationOptions = z
  .object({
    challenge: z.string(),
    rpId: z.string().optional(),
    timeout: z.number().optional(),
    allowCredentials: z.array(ZCredentialDescriptor).optional(),
    userVerification: z.string().optional(),
    extensions: z.record(z.string(), z.unknown()).optional(),
  })
  .loose()
  .describe('Pass it as optionsJSON to startAuthentication() of @simplewebauthn/browser; its challenge is valid five minutes, once.');
export type TAuthenticationOptions = z.infer<typeof ZAuthenticationOptions>;
