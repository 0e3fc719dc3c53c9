import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/browser';
import { api, type SignInResponse } from './portal-api';

/** A passkey as the account lists it (F1.10): never the key itself. */
export type Passkey = {
  id: string;
  name: string;
  deviceType: 'singleDevice' | 'multiDevice';
  backedUp: boolean;
  transports: string[];
  createdAt: string;
  lastUsedAt: string | null;
};

/** The fresh proof a new passkey needs: the password, an emailed code, or an existing passkey. */
export type FreshProof = { password: string } | { code: string } | { passkey: AuthenticationResponseJSON };

export const listPasskeys = () => api.get<{ items: Passkey[] }>('/api/me/passkeys');

export const startPasskeyRegistration = (proof: FreshProof) =>
  api.post<PublicKeyCredentialCreationOptionsJSON>('/api/me/passkeys/registration-options', proof);

export const finishPasskeyRegistration = (body: { response: RegistrationResponseJSON; name: string }) =>
  api.post<Passkey>('/api/me/passkeys', body);

export const passkeyProofOptions = () => api.post<PublicKeyCredentialRequestOptionsJSON>('/api/me/passkeys/proof-options');

export const renamePasskey = (id: string, name: string) => api.patch<Passkey>(`/api/me/passkeys/${encodeURIComponent(id)}`, { name });

export const removePasskey = (id: string) => api.delete(`/api/me/passkeys/${encodeURIComponent(id)}`);

export const passkeySignInOptions = () => api.post<PublicKeyCredentialRequestOptionsJSON>('/api/auth/passkey/options');

export const signInWithPasskey = (response: AuthenticationResponseJSON) =>
  api.post<SignInResponse>('/api/auth/passkey/verify', { response });
