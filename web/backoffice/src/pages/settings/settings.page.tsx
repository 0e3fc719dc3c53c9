import { useEffect, useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../../../ui/alert';
import { Button } from '../../../../ui/forms';
import { describeFailure, type Failure } from '../../../../ui/form-outcome';
import { formatDateTime, useLocale, useMessages, type Locale } from '../../../../ui/i18n';
import { PageHeading } from '../../../../ui/layout';
import { ACCOUNT_APPROVAL_MODES, getShopSettings, saveShopSettings, type AccountApprovalMode, type ShopSettings } from '../../api/approval';
import { common } from '../../common.messages';
import { can, useSessionFailure, useStaffSession } from '../../staff-session';

const fr = {
  title: 'Réglages',
  approvalTitle: 'Validation des nouveaux comptes',
  approvalLegend: 'Quels nouveaux comptes doivent être validés par l’équipe avant de pouvoir commander ?',
  modes: {
    none: {
      label: 'Aucun',
      hint: 'Chaque nouveau compte peut commander dès que son adresse e-mail est confirmée.',
    },
    business: {
      label: 'Les comptes professionnels',
      hint: 'Professionnels, entreprises, organismes publics et associations attendent votre validation ; les particuliers commandent tout de suite.',
    },
    all: {
      label: 'Tous les comptes',
      hint: 'Chaque nouveau compte attend votre validation avant de pouvoir commander.',
    },
  } satisfies Record<AccountApprovalMode, { label: string; hint: string }>,
  scope:
    'Le réglage vaut pour les inscriptions à venir, faites par les clients eux-mêmes : les comptes existants gardent leur statut, et les comptes créés par l’équipe, importés ou invités par une entreprise ne sont jamais mis en attente. Un compte en attente peut se connecter et voit qu’il attend ; il reçoit un e-mail dès votre décision.',
  queueLink: 'Voir les comptes à approuver',
  perMarket: 'Chaque marché a son propre réglage ; celui-ci est celui du marché par défaut.',
  marketsLink: 'Régler la validation de chaque marché',
  save: 'Enregistrer',
  saved: 'Réglage enregistré.',
  lastChange: (when: string, who: string | null) => (who ? `Dernière modification le ${when} par ${who}.` : `Dernière modification le ${when}.`),
  neverChanged: 'Réglage par défaut, jamais modifié.',
  notAllowed: 'Seuls les propriétaires et administrateurs modifient les réglages de la boutique.',
};

const messages: Record<Locale, typeof fr> = {
  fr,
  en: {
    title: 'Settings',
    approvalTitle: 'Approval of new accounts',
    approvalLegend: 'Which new accounts must the team approve before they can order?',
    modes: {
      none: { label: 'None', hint: 'Every new account can order as soon as its email address is confirmed.' },
      business: {
        label: 'Business accounts',
        hint: 'Professionals, companies, public bodies and associations wait for your approval; individuals order straight away.',
      },
      all: { label: 'All accounts', hint: 'Every new account waits for your approval before it can order.' },
    },
    scope:
      'The setting applies to sign-ups customers make from now on: existing accounts keep their status, and accounts created by staff, imported or invited by a company never wait. A waiting account can sign in and sees that it waits; it is emailed as soon as you decide.',
    queueLink: 'See the accounts to approve',
    perMarket: 'Each market has its own setting; this one is the default market’s.',
    marketsLink: 'Set the approval of each market',
    save: 'Save',
    saved: 'Setting saved.',
    lastChange: (when, who) => (who ? `Last changed on ${when} by ${who}.` : `Last changed on ${when}.`),
    neverChanged: 'Default setting, never changed.',
    notAllowed: 'Only owners and administrators change the shop’s settings.',
  },
};

/** /settings: the shop's settings (for now, which new accounts wait for approval, F1.7). */
export function SettingsPage() {
  const t = useMessages(messages);
  const c = useMessages(common);
  const { locale } = useLocale();
  const { me } = useStaffSession();
  const onSessionFailure = useSessionFailure();
  const id = useId();
  const allowed = can(me, 'settings.manage');
  const [settings, setSettings] = useState<ShopSettings | null>(null);
  const [mode, setMode] = useState<AccountApprovalMode>('none');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);

  useEffect(() => {
    if (!allowed) return;
    let current = true;
    void getShopSettings().then((result) => {
      if (!current) return;
      if (result.ok) {
        setSettings(result.data);
        setMode(result.data.accountApproval);
      } else if (!onSessionFailure(result)) setFailure(result);
    });
    return () => {
      current = false;
    };
  }, [allowed, onSessionFailure]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setNotice(null);
    setFailure(null);
    const result = await saveShopSettings({ accountApproval: mode });
    setBusy(false);
    if (result.ok) {
      setSettings(result.data);
      setNotice(t.saved);
    } else if (!onSessionFailure(result)) setFailure(result);
  }

  if (!allowed) {
    return (
      <>
        <PageHeading>{t.title}</PageHeading>
        <p>{t.notAllowed}</p>
      </>
    );
  }

  return (
    <>
      <PageHeading>{t.title}</PageHeading>
      <section className="card" aria-labelledby={`${id}-approval`}>
        <h2 id={`${id}-approval`}>{t.approvalTitle}</h2>
        <Alert tone="success">{notice}</Alert>
        <Alert>{failure ? describeFailure(failure, c) : null}</Alert>
        {settings === null && !failure ? <p role="status">{c.loading}</p> : null}
        {settings ? (
          <form noValidate onSubmit={submit}>
            <fieldset className="field field--radios">
              <legend>{t.approvalLegend}</legend>
              {ACCOUNT_APPROVAL_MODES.map((value) => (
                <div className="radio" key={value}>
                  <input
                    type="radio"
                    id={`${id}-${value}`}
                    name="accountApproval"
                    value={value}
                    checked={mode === value}
                    onChange={() => setMode(value)}
                    aria-describedby={`${id}-${value}-hint`}
                  />
                  <div className="settings-mode">
                    <label htmlFor={`${id}-${value}`}>{t.modes[value].label}</label>
                    <p id={`${id}-${value}-hint`} className="field-hint">
                      {t.modes[value].hint}
                    </p>
                  </div>
                </div>
              ))}
            </fieldset>
            <p className="muted">{t.scope}</p>
            <p className="muted">
              {t.perMarket} <Link to="/markets">{t.marketsLink}</Link>
            </p>
            <p className="muted">
              {settings.updatedAt ? t.lastChange(formatDateTime(locale, settings.updatedAt), settings.updatedBy?.name ?? null) : t.neverChanged}
            </p>
            <div className="actions">
              <Button type="submit" busy={busy}>
                {t.save}
              </Button>
            </div>
          </form>
        ) : null}
        {can(me, 'customers.approve') ? (
          <p>
            <Link to="/approvals">{t.queueLink}</Link>
          </p>
        ) : null}
      </section>
    </>
  );
}
