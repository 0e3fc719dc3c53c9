import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../../../ui/alert';
import { failureToFormErrors, type Failure, describeFailure } from '../../../../ui/form-outcome';
import { NO_ERRORS, useFocusFirstInvalid, type FormErrors } from '../../../../ui/form-errors';
import { Button, CheckboxField, SelectField, TextField } from '../../../../ui/forms';
import { useMessages } from '../../../../ui/i18n';
import { PageHeading } from '../../../../ui/layout';
import { createMarket, listMarkets, updateMarket, type Market, type MarketInput, type MarketLocale } from '../../api/markets';
import { common } from '../../common.messages';
import { ListTable } from '../list-parts';
import { can, useSessionFailure, useStaffSession } from '../../staff-session';
import { marketMessages, type MarketMessages } from './markets.messages';
import { brandingLinkWords } from './market-branding.messages';

const FIELD_NAMES = ['code', 'name', 'countries', 'defaultLocale', 'locales', 'currency', 'publicUrl', 'b2bOnly', 'businessProgramme', 'accountApproval'] as const;
const LOCALES: MarketLocale[] = ['fr', 'en'];

const list = (value: string) => value.split(/[,\s]+/).map((item) => item.trim().toUpperCase()).filter((item) => item !== '');
const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();
const triState = (value: string): boolean | null => (value === 'true' ? true : value === 'false' ? false : null);

function inputOf(form: FormData): MarketInput {
  return {
    code: text(form, 'code'),
    name: text(form, 'name'),
    countries: list(text(form, 'countries')),
    defaultLocale: text(form, 'defaultLocale') as MarketLocale,
    locales: LOCALES.filter((locale) => form.get(`locale-${locale}`) === 'on'),
    currency: text(form, 'currency'),
    publicUrl: text(form, 'publicUrl') || null,
    b2bOnly: triState(text(form, 'b2bOnly')),
    businessProgramme: (text(form, 'businessProgramme') || null) as MarketInput['businessProgramme'],
    accountApproval: text(form, 'accountApproval') as MarketInput['accountApproval'],
  };
}

/** Creation and edition: the same fields; every error the server lists lands on its field. */
function MarketForm({ market, t, onSaved, onCancel }: { market: Market | null; t: MarketMessages; onSaved: (market: Market) => void; onCancel?: () => void }) {
  const c = useMessages(common);
  const id = useId();
  const onSessionFailure = useSessionFailure();
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  useFocusFirstInvalid(formRef, errors);
  const e = errors.fields;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setErrors(NO_ERRORS);
    const input = inputOf(new FormData(event.currentTarget));
    const result = market ? await updateMarket(market.id, input) : await createMarket(input);
    setBusy(false);
    if (result.ok) {
      onSaved(result.data);
      if (!market) formRef.current?.reset();
    } else if (!onSessionFailure(result)) setErrors(failureToFormErrors(result as Failure, FIELD_NAMES, c));
  }

  const tri = (value: boolean | null | undefined) => (value === true ? 'true' : value === false ? 'false' : '');
  return (
    <form ref={formRef} noValidate onSubmit={submit} className="market-form">
      <Alert>{errors.message}</Alert>
      <div className="field-row">
        <TextField label={t.fields.code} hint={t.fields.codeHint} name="code" required autoComplete="off" spellCheck={false} defaultValue={market?.code ?? ''} error={e.code} />
        <TextField label={t.fields.name} name="name" required autoComplete="off" defaultValue={market?.name ?? ''} error={e.name} />
      </div>
      <div className="field-row">
        <TextField label={t.fields.countries} hint={t.fields.countriesHint} name="countries" required autoComplete="off" defaultValue={market?.countries.join(', ') ?? ''} error={e.countries} />
        <TextField label={t.fields.currency} hint={t.fields.currencyHint} name="currency" autoComplete="off" defaultValue={market?.currency ?? 'EUR'} error={e.currency} />
      </div>
      <TextField
        label={t.fields.publicUrl}
        hint={market?.isDefault ? t.fields.publicUrlDefaultHint : t.fields.publicUrlHint}
        name="publicUrl"
        type="url"
        autoComplete="off"
        spellCheck={false}
        defaultValue={market?.publicUrl ?? ''}
        error={e.publicUrl}
      />
      <fieldset className="field">
        <legend>{t.fields.locales}</legend>
        {e.locales ? (
          <p className="field-error" id={`${id}-locales-error`}>
            {e.locales}
          </p>
        ) : null}
        {LOCALES.map((locale) => (
          <CheckboxField key={locale} label={t.locales[locale]} name={`locale-${locale}`} defaultChecked={market ? market.locales.includes(locale) : locale === 'fr'} />
        ))}
      </fieldset>
      <div className="field-row">
        <SelectField
          label={t.fields.defaultLocale}
          name="defaultLocale"
          defaultValue={market?.defaultLocale ?? 'fr'}
          options={LOCALES.map((value) => ({ value, label: t.locales[value] }))}
          error={e.defaultLocale}
        />
        <SelectField
          label={t.fields.accountApproval}
          name="accountApproval"
          defaultValue={market?.accountApproval ?? 'none'}
          options={(['none', 'business', 'all'] as const).map((value) => ({ value, label: t.approvals[value] }))}
          error={e.accountApproval}
        />
      </div>
      <div className="field-row">
        <SelectField
          label={t.fields.b2bOnly}
          name="b2bOnly"
          defaultValue={tri(market?.b2bOnly)}
          options={[
            { value: '', label: t.followEnv },
            { value: 'true', label: t.b2bOnly.yes },
            { value: 'false', label: t.b2bOnly.no },
          ]}
          error={e.b2bOnly}
        />
        <SelectField
          label={t.fields.businessProgramme}
          name="businessProgramme"
          defaultValue={market?.businessProgramme ?? ''}
          options={[
            { value: '', label: t.followEnv },
            { value: 'mixed', label: t.programmes.mixed },
            { value: 'separate', label: t.programmes.separate },
          ]}
          error={e.businessProgramme}
        />
      </div>
      <div className="actions">
        <Button type="submit" busy={busy}>
          {market ? t.save : t.create}
        </Button>
        {onCancel ? (
          <Button variant="link" onClick={onCancel}>
            {t.cancel}
          </Button>
        ) : null}
      </div>
    </form>
  );
}

/** /markets (F1.8): every market, one to create, each to change (owners and administrators). */
export function MarketsPage() {
  const t = useMessages(marketMessages);
  const b = useMessages(brandingLinkWords);
  const c = useMessages(common);
  const { me } = useStaffSession();
  const onSessionFailure = useSessionFailure();
  const manage = can(me, 'markets.manage');
  const [markets, setMarkets] = useState<Market[] | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    void listMarkets().then((result) => {
      if (!current) return;
      if (result.ok) setMarkets(result.data.items);
      else if (!onSessionFailure(result)) setFailure(result);
    });
    return () => {
      current = false;
    };
  }, [onSessionFailure]);

  function saved(market: Market, created: boolean) {
    setMarkets((before) => (created ? [...(before ?? []), market] : (before ?? []).map((item) => (item.id === market.id ? market : item))));
    setEditing(null);
    setNotice(created ? t.created(market.name) : t.saved(market.name));
  }

  return (
    <>
      <PageHeading>{t.title}</PageHeading>
      <p>{t.intro}</p>
      <Alert tone="success">{notice}</Alert>
      <section className="card" aria-labelledby="markets-list">
        <h2 id="markets-list">{t.listTitle}</h2>
        <Alert>{failure ? describeFailure(failure, c) : null}</Alert>
        {markets === null && !failure ? <p role="status">{c.loading}</p> : null}
        {markets ? (
          <ListTable headers={[t.columns.market, t.columns.countries, t.columns.languages, t.columns.address, t.columns.approval, ...(manage ? [t.columns.actions] : [])]}>
            {markets.map((market) => (
              <tr key={market.id}>
                <th scope="row">
                  {market.name} <span className="line__meta">{market.code}</span>
                  {market.isDefault ? <span className="badge">{t.default}</span> : null}
                  <span className="market-row__branding">
                    <Link to={`/markets/${encodeURIComponent(market.id)}/branding`} aria-label={b.linkOne(market.name)}>
                      {b.link}
                    </Link>
                  </span>
                </th>
                <td>{market.countries.join(', ')}</td>
                <td>
                  {market.locales.map((locale) => t.locales[locale]).join(', ')} · {market.currency}
                </td>
                <td className="nowrap">{market.effective.publicUrl}</td>
                <td>{t.approvals[market.accountApproval]}</td>
                {manage ? (
                  <td>
                    <Button variant="secondary" onClick={() => setEditing(market.id)} aria-label={t.editOne(market.name)}>
                      {t.edit}
                    </Button>
                  </td>
                ) : null}
              </tr>
            ))}
          </ListTable>
        ) : null}
      </section>
      {manage && editing && markets ? (
        <section className="card" aria-labelledby="market-edit">
          <h2 id="market-edit">{t.editTitle(markets.find((market) => market.id === editing)?.name ?? '')}</h2>
          <MarketForm
            key={editing}
            market={markets.find((market) => market.id === editing) ?? null}
            t={t}
            onSaved={(market) => saved(market, false)}
            onCancel={() => setEditing(null)}
          />
        </section>
      ) : null}
      {manage ? (
        <section className="card" aria-labelledby="market-new">
          <h2 id="market-new">{t.newTitle}</h2>
          <MarketForm market={null} t={t} onSaved={(market) => saved(market, true)} />
        </section>
      ) : (
        <p className="muted">{t.readOnly}</p>
      )}
    </>
  );
}
