import { browserSupportsWebAuthn, browserSupportsWebAuthnAutofill, startAuthentication, WebAuthnAbortService } from '@simplewebauthn/browser';
import { useEffect, useState } from 'react';
import { Button } from '../../../ui/forms';
import { useMessages, type Locale } from '../../../ui/i18n';
import { passkeySignInOptions, signInWithPasskey } from '../passkeys-api';

const fr = {
  signIn: 'Se connecter avec une clé d’accès',
  refused: 'Cette clé d’accès n’a pas été acceptée. Réessayez, ou connectez-vous avec votre mot de passe ou un code reçu par e-mail.',
  cancelled: 'La connexion avec une clé d’accès a été annulée.',
};
const messages: Record<Locale, typeof fr> = {
  fr,
  en: {
    signIn: 'Sign in with a passkey',
    refused: 'This passkey was not accepted. Try again, or sign in with your password or a code sent by email.',
    cancelled: 'Signing in with a passkey was cancelled.',
  },
};

/** What a passkey sign-in came to: signed in, or a message for the page's alert (or nothing: the visitor closed the prompt). */
export type PasskeyOutcome = { signedIn: true } | { signedIn: false; problemCode: string | null; message: string | null };

async function runPasskeySignIn(autofill: boolean, t: typeof fr): Promise<PasskeyOutcome> {
  const options = await passkeySignInOptions();
  if (!options.ok) return { signedIn: false, problemCode: options.problem.code, message: t.refused };
  let response;
  try {
    response = await startAuthentication({ optionsJSON: options.data, useBrowserAutofill: autofill });
  } catch (error) {
    // Closing the browser's prompt, or another ceremony taking over, is not a failure to report.
    const name = error instanceof Error ? error.name : '';
    if (autofill || name === 'AbortError') return { signedIn: false, problemCode: null, message: null };
    return { signedIn: false, problemCode: null, message: name === 'NotAllowedError' ? t.cancelled : t.refused };
  }
  const verified = await signInWithPasskey(response);
  if (verified.ok) return { signedIn: true };
  return { signedIn: false, problemCode: verified.problem.code, message: t.refused };
}

/**
 * Conditional UI: while the sign-in page is open, the browser offers the passkeys it holds for
 * this site in the address field's suggestions (the field has `autocomplete="username webauthn"`).
 */
export function usePasskeyAutofill(onOutcome: (outcome: PasskeyOutcome) => void): void {
  const t = useMessages(messages);
  useEffect(() => {
    let active = true;
    void (async () => {
      if (!(await browserSupportsWebAuthnAutofill())) return;
      const outcome = await runPasskeySignIn(true, t);
      if (active) onOutcome(outcome);
    })();
    return () => {
      active = false;
      WebAuthnAbortService.cancelCeremony();
    };
    // Started once per visit of the page: the language switch must not restart the ceremony.
  }, []);
}

/** The explicit button, for browsers without autofill and for people who look for one. */
export function PasskeySignInButton({ onOutcome, disabled }: { onOutcome: (outcome: PasskeyOutcome) => void; disabled?: boolean }) {
  const t = useMessages(messages);
  const [busy, setBusy] = useState(false);
  if (!browserSupportsWebAuthn()) return null;
  async function signIn() {
    if (busy || disabled) return;
    setBusy(true);
    const outcome = await runPasskeySignIn(false, t);
    setBusy(false);
    onOutcome(outcome);
  }
  return (
    <Button variant="secondary" busy={busy} onClick={signIn}>
      {t.signIn}
    </Button>
  );
}
