import { useId, useState } from 'react';
import { Button } from '../../../../ui/forms';
import { useMessages, type Locale } from '../../../../ui/i18n';
import type { Failure } from '../../../../ui/form-outcome';
import { updateStaff, type StaffUser } from '../../backoffice-api';
import type { Market } from '../../api/markets';

const fr = {
  column: 'Marchés',
  all: 'Tous les marchés',
  limitOf: (name: string) => `Marchés de ${name}`,
  save: 'Enregistrer',
  saveOf: (name: string) => `Enregistrer les marchés de ${name}`,
  changed: (name: string) => `Marchés de ${name} enregistrés.`,
};
const messages: Record<Locale, typeof fr> = {
  fr,
  en: {
    column: 'Markets',
    all: 'Every market',
    limitOf: (name) => `${name}’s markets`,
    save: 'Save',
    saveOf: (name) => `Save ${name}’s markets`,
    changed: (name) => `${name}’s markets saved.`,
  },
};

export function useStaffMarketWords() {
  return useMessages(messages);
}

/** What a member's limit reads as: every market, or the codes of theirs. */
export function staffMarketsText(user: Pick<StaffUser, 'marketIds'>, markets: Market[], all: string): string {
  if (user.marketIds === null) return all;
  return markets.filter((market) => user.marketIds!.includes(market.id)).map((market) => market.code).join(', ');
}

/**
 * The markets a member works in (F1.8): every market, or some of them. Outside them, customers
 * and companies do not exist for that member.
 */
export function StaffMarketsControl({
  user,
  markets,
  onChanged,
  onFailure,
}: {
  user: StaffUser;
  markets: Market[];
  onChanged: (user: StaffUser, notice: string) => void;
  onFailure: (failure: Failure) => void;
}) {
  const t = useMessages(messages);
  const id = useId();
  const [every, setEvery] = useState(user.marketIds === null);
  const [chosen, setChosen] = useState<string[]>(user.marketIds ?? []);
  const [busy, setBusy] = useState(false);

  async function save() {
    if (busy) return;
    setBusy(true);
    const result = await updateStaff(user.id, { marketIds: every ? null : chosen });
    setBusy(false);
    if (!result.ok) return onFailure(result);
    onChanged(result.data, t.changed(result.data.name));
  }

  return (
    <fieldset className="row-control row-control--markets">
      <legend className="visually-hidden">{t.limitOf(user.name)}</legend>
      <div className="field field--check">
        <input type="checkbox" id={`${id}-all`} checked={every} onChange={(event) => setEvery(event.currentTarget.checked)} />
        <label htmlFor={`${id}-all`}>{t.all}</label>
      </div>
      {every
        ? null
        : markets.map((market) => (
            <div className="field field--check" key={market.id}>
              <input
                type="checkbox"
                id={`${id}-${market.id}`}
                checked={chosen.includes(market.id)}
                onChange={(event) => {
                  const checked = event.currentTarget.checked;
                  setChosen((before) => (checked ? [...before, market.id] : before.filter((item) => item !== market.id)));
                }}
              />
              <label htmlFor={`${id}-${market.id}`}>{market.code}</label>
            </div>
          ))}
      <Button variant="secondary" busy={busy} aria-label={t.saveOf(user.name)} onClick={() => void save()}>
        {t.save}
      </Button>
    </fieldset>
  );
}
