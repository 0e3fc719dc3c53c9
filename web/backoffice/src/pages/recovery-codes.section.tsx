import { useRef, useState } from 'react';
import { Alert } from '../../../ui/alert';
import { Button, CheckboxField } from '../../../ui/forms';
import { useMessages, type Locale } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';

const fr = {
  title: 'Vos codes de secours',
  intro:
    'La double authentification est en place. Si vous perdez votre téléphone, chacun de ces codes remplace une fois le code de l’application. Ils ne seront plus jamais affichés : notez-les ou imprimez-les, et gardez-les hors de cet ordinateur.',
  listLabel: 'Codes de secours',
  copy: 'Copier les codes',
  copied: 'Les codes sont copiés dans le presse-papiers.',
  copyFailed: 'La copie a échoué : sélectionnez les codes pour les copier.',
  saved: 'J’ai mis ces codes en lieu sûr',
  savedRequired: 'Confirmez que vous avez mis les codes en lieu sûr.',
  continue: 'Continuer vers le back-office',
};

const messages: Record<Locale, typeof fr> = {
  fr,
  en: {
    title: 'Your recovery codes',
    intro:
      'Two-factor authentication is set up. If you lose your phone, each of these codes stands in once for the app’s code. They will never be shown again: write them down or print them, and keep them away from this computer.',
    listLabel: 'Recovery codes',
    copy: 'Copy the codes',
    copied: 'The codes are copied to the clipboard.',
    copyFailed: 'Copying failed: select the codes to copy them.',
    saved: 'I have put these codes somewhere safe',
    savedRequired: 'Confirm that you have put the codes somewhere safe.',
    continue: 'Continue to the back office',
  },
};

/** Shown once, right after the second factor is confirmed: the server keeps only their digests. */
export function RecoveryCodesSection({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const t = useMessages(messages);
  const [copy, setCopy] = useState<'copied' | 'copyFailed' | null>(null);
  const [saved, setSaved] = useState(false);
  const [missing, setMissing] = useState(false);
  const checkRef = useRef<HTMLDivElement>(null);

  async function copyCodes() {
    try {
      await navigator.clipboard.writeText(codes.join('\n'));
      setCopy('copied');
    } catch {
      setCopy('copyFailed');
    }
  }

  function finish() {
    if (saved) return onDone();
    setMissing(true);
    // The checkbox, now described by its error, is where the keyboard has to go.
    checkRef.current?.querySelector('input')?.focus();
  }

  return (
    <section className="card narrow" key="codes">
      <PageHeading>{t.title}</PageHeading>
      <p>{t.intro}</p>
      <ol className="recovery-codes" aria-label={t.listLabel}>
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <Alert tone="success">{copy === 'copied' ? t.copied : null}</Alert>
      <Alert>{copy === 'copyFailed' ? t.copyFailed : null}</Alert>
      <div className="actions">
        <Button variant="secondary" onClick={copyCodes}>
          {t.copy}
        </Button>
      </div>
      <div ref={checkRef}>
        <CheckboxField
          label={t.saved}
          name="saved"
          checked={saved}
          onChange={(event) => {
            setSaved(event.currentTarget.checked);
            setMissing(false);
          }}
          error={missing ? t.savedRequired : undefined}
        />
      </div>
      <div className="actions">
        <Button onClick={finish}>{t.continue}</Button>
      </div>
    </section>
  );
}
