import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert } from '../../../ui/alert';
import type { ApiResult } from '../../../ui/api';
import { Button, TextField } from '../../../ui/forms';
import { formatDateTime, useLocale, useMessages, type Locale } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { common } from '../common.messages';
import { describeFailure } from '../../../ui/form-outcome';
import {
  addLocationAddress,
  approveLocationAddressRequest,
  getLocationDetails,
  listLocationAddressRequests,
  refuseLocationAddressRequest,
  type LocationAddress,
  type LocationAddressRequest,
  type LocationDetails,
} from '../portal-api';
import { buyingContextMessages } from './buying-context.messages';
import { TermsList } from './buying-context.page';

const fr = {
  billing: 'Adresse de facturation',
  deliveries: 'Adresses de livraison',
  noBilling: 'Pas encore d’adresse de facturation.',
  noDelivery: 'Pas encore d’adresse de livraison.',
  isDefault: 'Par défaut',
  addTitle: 'Ajouter une adresse de livraison',
  requestTitle: 'Demander une nouvelle adresse de livraison',
  requestIntro: 'Votre demande sera examinée par un administrateur du site avant d’être appliquée.',
  company: 'Entreprise ou destinataire',
  line1: 'Adresse (numéro et rue)',
  postalCode: 'Code postal',
  city: 'Ville',
  country: 'Pays (code à deux lettres, par ex. FR)',
  send: 'Envoyer la demande',
  add: 'Ajouter l’adresse',
  requested: 'Votre demande a été envoyée à l’administrateur du site.',
  added: 'L’adresse a été ajoutée.',
  requestsTitle: 'Demandes de modification d’adresse',
  myRequestsTitle: 'Mes demandes de modification',
  noRequests: 'Aucune demande.',
  actions: { create: 'Nouvelle adresse', update: 'Modification d’adresse', delete: 'Suppression d’adresse' } as Record<string, string>,
  statuses: { pending: 'En attente', approved: 'Approuvée', refused: 'Refusée', cancelled: 'Annulée' } as Record<string, string>,
  by: (name: string, date: string) => `Demandée par ${name} le ${date}`,
  reason: (reason: string) => `Motif : ${reason}`,
  approve: 'Approuver',
  refuse: 'Refuser',
  refusalReason: 'Motif du refus',
  refusalRequired: 'Indiquez le motif du refus.',
  approved: 'La demande a été approuvée et appliquée.',
  refused: 'La demande a été refusée.',
  notFound: 'Ce site n’existe pas ou ne fait pas partie de vos entreprises.',
  backToPicker: 'Je commande pour…',
};

const messages: Record<Locale, typeof fr> = {
  fr,
  en: {
    billing: 'Billing address',
    deliveries: 'Delivery addresses',
    noBilling: 'No billing address yet.',
    noDelivery: 'No delivery address yet.',
    isDefault: 'Default',
    addTitle: 'Add a delivery address',
    requestTitle: 'Ask for a new delivery address',
    requestIntro: 'A site administrator will review your request before it applies.',
    company: 'Company or recipient',
    line1: 'Address (number and street)',
    postalCode: 'Postal code',
    city: 'City',
    country: 'Country (two-letter code, e.g. FR)',
    send: 'Send the request',
    add: 'Add the address',
    requested: 'Your request was sent to the site administrator.',
    added: 'The address was added.',
    requestsTitle: 'Address change requests',
    myRequestsTitle: 'My change requests',
    noRequests: 'No requests.',
    actions: { create: 'New address', update: 'Address change', delete: 'Address removal' },
    statuses: { pending: 'Pending', approved: 'Approved', refused: 'Refused', cancelled: 'Cancelled' },
    by: (name, date) => `Requested by ${name} on ${date}`,
    reason: (reason) => `Reason: ${reason}`,
    approve: 'Approve',
    refuse: 'Refuse',
    refusalReason: 'Reason for refusing',
    refusalRequired: 'Give the reason for refusing.',
    approved: 'The request was approved and applied.',
    refused: 'The request was refused.',
    notFound: 'This site does not exist or is not part of your companies.',
    backToPicker: 'I am buying for…',
  },
};

type Failure = Extract<ApiResult<unknown>, { ok: false }>;

function addressText(address: LocationAddress | Record<string, unknown>): string {
  const get = (field: string) => (typeof address[field as keyof typeof address] === 'string' ? (address[field as keyof typeof address] as string) : null);
  return [get('company') ?? [get('firstName'), get('lastName')].filter(Boolean).join(' '), get('line1'), [get('postalCode'), get('city')].filter(Boolean).join(' '), get('country')]
    .filter(Boolean)
    .join(', ');
}

/** A company location (/companies/:companyId/locations/:locationId): terms read-only, addresses, change requests. */
export function LocationPage() {
  const t = useMessages(messages);
  const b = useMessages(buyingContextMessages);
  const c = useMessages(common);
  const { locale } = useLocale();
  const navigate = useNavigate();
  const id = useId();
  const { companyId = '', locationId = '' } = useParams();
  const [location, setLocation] = useState<LocationDetails | null>(null);
  const [requests, setRequests] = useState<LocationAddressRequest[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [refusing, setRefusing] = useState<string | null>(null);

  const showFailure = useCallback(
    (result: Failure) => {
      if (result.status === 401) void navigate('/sign-in', { replace: true });
      else setFailure(result.status === 404 ? t.notFound : describeFailure(result, c));
    },
    [navigate, c, t],
  );

  const reload = useCallback(async () => {
    const [details, list] = await Promise.all([getLocationDetails(companyId, locationId), listLocationAddressRequests(companyId, locationId)]);
    if (!details.ok) return showFailure(details);
    setLocation(details.data);
    // A colleague without a role here may see the location but not its requests (403).
    setRequests(list.ok ? list.data.items : []);
  }, [companyId, locationId, showFailure]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const decides = location?.myPermissions.includes('location.addresses.decide_change') ?? false;
  const mayRequest = location?.myPermissions.includes('location.addresses.request_change') ?? false;

  async function submitAddress(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    setBusy(true);
    setFailure(null);
    setNotice(null);
    const result = await addLocationAddress(companyId, locationId, {
      kind: 'delivery',
      company: text('company'),
      line1: text('line1'),
      postalCode: text('postalCode'),
      city: text('city'),
      country: text('country').toUpperCase(),
    });
    setBusy(false);
    if (!result.ok) return showFailure(result);
    form.reset();
    setNotice(result.status === 202 ? t.requested : t.added);
    await reload();
  }

  async function approve(request: LocationAddressRequest) {
    setBusy(true);
    setFailure(null);
    setNotice(null);
    const result = await approveLocationAddressRequest(companyId, locationId, request.id);
    setBusy(false);
    if (!result.ok) return showFailure(result);
    setNotice(t.approved);
    await reload();
  }

  async function refuse(event: FormEvent<HTMLFormElement>, request: LocationAddressRequest) {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get('reason') ?? '').trim();
    setFailure(null);
    setNotice(null);
    if (!reason) return setFailure(t.refusalRequired);
    setBusy(true);
    const result = await refuseLocationAddressRequest(companyId, locationId, request.id, reason);
    setBusy(false);
    if (!result.ok) return showFailure(result);
    setRefusing(null);
    setNotice(t.refused);
    await reload();
  }

  const billing = location?.addresses.filter((address) => address.kind === 'billing') ?? [];
  const deliveries = location?.addresses.filter((address) => address.kind === 'delivery') ?? [];

  return (
    <>
      <PageHeading>{location?.name ?? b.termsTitle}</PageHeading>
      <Alert>{failure}</Alert>
      <Alert tone="success">{notice}</Alert>
      {!location ? (
        failure ? null : <p role="status">{c.loading}</p>
      ) : (
        <>
          <section className="card" aria-labelledby={`${id}-terms`}>
            <h2 id={`${id}-terms`}>{b.termsTitle}</h2>
            <TermsList terms={location} t={b} />
            <p className="muted">{b.termsSetByShop}</p>
          </section>
          <section className="card" aria-labelledby={`${id}-billing`}>
            <h2 id={`${id}-billing`}>{t.billing}</h2>
            {billing.length ? <p className="address">{addressText(billing[0]!)}</p> : <p>{t.noBilling}</p>}
          </section>
          <section className="card" aria-labelledby={`${id}-deliveries`}>
            <h2 id={`${id}-deliveries`}>{t.deliveries}</h2>
            {deliveries.length ? (
              <ul className="item-list">
                {deliveries.map((address) => (
                  <li key={address.id}>
                    <p className="item__title">
                      {addressText(address)}
                      {address.isDefault ? <span className="badge">{t.isDefault}</span> : null}
                    </p>
                  </li>
                ))}
              </ul>
            ) : (
              <p>{t.noDelivery}</p>
            )}
          </section>
          {mayRequest ? (
            <form className="card" onSubmit={submitAddress} aria-labelledby={`${id}-add`}>
              <h2 id={`${id}-add`}>{decides ? t.addTitle : t.requestTitle}</h2>
              {decides ? null : <p className="muted">{t.requestIntro}</p>}
              <TextField name="company" label={t.company} required autoComplete="organization" />
              <TextField name="line1" label={t.line1} required autoComplete="address-line1" />
              <TextField name="postalCode" label={t.postalCode} autoComplete="postal-code" />
              <TextField name="city" label={t.city} required autoComplete="address-level2" />
              <TextField name="country" label={t.country} required defaultValue="FR" maxLength={2} autoComplete="country" />
              <div className="actions">
                <Button type="submit" busy={busy}>
                  {decides ? t.add : t.send}
                </Button>
              </div>
            </form>
          ) : null}
          {mayRequest ? (
            <section className="card" aria-labelledby={`${id}-requests`}>
              <h2 id={`${id}-requests`}>{decides ? t.requestsTitle : t.myRequestsTitle}</h2>
              {requests.length === 0 ? (
                <p>{t.noRequests}</p>
              ) : (
                <ul className="item-list">
                  {requests.map((request) => (
                    <li key={request.id}>
                      <div>
                        <p className="item__title" id={`${id}-${request.id}`}>
                          {t.actions[request.action]}
                          <span className={request.status === 'pending' ? 'badge badge--warning' : 'badge'}>{t.statuses[request.status]}</span>
                        </p>
                        {request.proposed ? <p className="item__meta">{addressText(request.proposed)}</p> : null}
                        <p className="item__meta">
                          {t.by(request.requestedBy ? `${request.requestedBy.firstName} ${request.requestedBy.lastName}` : '—', formatDateTime(locale, request.createdAt))}
                        </p>
                        {request.refusalReason ? <p className="item__meta">{t.reason(request.refusalReason)}</p> : null}
                      </div>
                      {decides && request.status === 'pending' ? (
                        refusing === request.id ? (
                          <form onSubmit={(event) => void refuse(event, request)}>
                            <TextField name="reason" label={t.refusalReason} required />
                            <div className="actions">
                              <Button type="submit" variant="danger" busy={busy}>
                                {t.refuse}
                              </Button>
                            </div>
                          </form>
                        ) : (
                          <div className="actions">
                            <Button busy={busy} aria-describedby={`${id}-${request.id}`} onClick={() => void approve(request)}>
                              {t.approve}
                            </Button>
                            <Button variant="secondary" aria-describedby={`${id}-${request.id}`} onClick={() => setRefusing(request.id)}>
                              {t.refuse}
                            </Button>
                          </div>
                        )
                      ) : null}
                    </li>
                  ))}
                </ul>
              )}
            </section>
          ) : null}
          <p>
            <Link to="/context">{t.backToPicker}</Link>
          </p>
        </>
      )}
    </>
  );
}
