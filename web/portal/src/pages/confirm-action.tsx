import { useState, type ReactNode } from 'react';
import { Button } from '../../../ui/forms';
import { useMessages, type Locale } from '../../../ui/i18n';

const messages: Record<Locale, { confirm: string; cancel: string }> = {
  fr: { confirm: 'Confirmer', cancel: 'Annuler' },
  en: { confirm: 'Confirm', cancel: 'Cancel' },
};

/** A destructive action asked twice, in the page (no browser dialog): the question, then confirm or cancel. */
export function ConfirmAction(props: { label: string; question: ReactNode; busy?: boolean; onConfirm: () => void }) {
  const t = useMessages(messages);
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <Button variant="danger" onClick={() => setAsking(true)}>
        {props.label}
      </Button>
    );
  }
  return (
    <div role="group" aria-label={props.label} className="stack">
      <p>{props.question}</p>
      <div className="actions">
        <Button
          variant="danger"
          busy={props.busy ?? false}
          onClick={() => {
            setAsking(false);
            props.onConfirm();
          }}
        >
          {t.confirm}
        </Button>
        <Button variant="secondary" onClick={() => setAsking(false)}>
          {t.cancel}
        </Button>
      </div>
    </div>
  );
}
