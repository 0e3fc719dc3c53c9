import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { Alert } from '../../../ui/alert';
import type { ApiResult } from '../../../ui/api';
import { useLocale, useMessages, type Locale } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { common } from '../common.messages';
import { describeFailure } from '../../../ui/form-outcome';
import { getCompany, type Company, type CompanyLocation, type CompanyRole, type LocationRole } from '../portal-api';
import { companyIdentityMessages } from './company-identity.messages';

const fr = {
  title: 'Entreprise',
  created: 'L’entreprise a été créée. Vous en êtes l’administrateur.',
  notFound: 'Cette entreprise n’existe pas, ou vous n’en faites pas partie.',
  backToAccount: 'Retour à mon compte',
  identity: 'Identité',
  myRole: 'Mon rôle',
  roles: { admin: 'Administrateur', member: 'Utilisateur' } satisfies Record<CompanyRole, string>,
  locationRoles: { location_admin: 'Administrateur du site', buyer: 'Acheteur' } satisfies Record<LocationRole, string>,
  siren: 'SIREN',
  none: 'Non renseigné',
  locations: 'Sites',
  locationsIntro: 'Conditions fixées par la boutique, données à titre d’information.',
  catalog: 'Catalogue / liste de prix',
  defaultCatalog: 'Catalogue standard',
  paymentTerms: 'Conditions de paiement',
  terms: {
    none: 'Paiement à la commande',
    net: (days: number) => `Paiement à ${days} jours`,
    deposit: (percent: number) => `Acompte de ${percent} % à la commande`,
  },
  approval: 'Validation des commandes',
  approvalRequired: 'Les commandes attendent la validation d’un administrateur du site.',
  approvalNotRequired: 'Aucune validation nécessaire.',
  myLocationRole: 'Mon rôle sur ce site',
  orders: 'Commandes de l’entreprise',
};

const messages: Record<Locale, typeof fr> = {
  fr,
  en: {
    title: 'Company',
    created: 'The company was created. You are its administrator.',
    notFound: 'This company does not exist, or you do not belong to it.',
    backToAccount: 'Back to my account',
    identity: 'Identity',
    myRole: 'My role',
    roles: { admin: 'Administrator', member: 'User' },
    locationRoles: { location_admin: 'Location administrator', buyer: 'Buyer' },
    siren: 'SIREN',
    none: 'Not given',
    locations: 'Locations',
    locationsIntro: 'Terms set by the shop, shown for your information.',
    catalog: 'Catalog / price list',
    defaultCatalog: 'Standard catalog',
    paymentTerms: 'Payment terms',
    terms: {
      none: 'Payment when ordering',
      net: (days) => `Net ${days} days`,
      deposit: (percent) => `${percent} % deposit when ordering`,
    },
    approval: 'Order approval',
    approvalRequired: 'Orders wait for a location administrator’s approval.',
    approvalNotRequired: 'No approval needed.',
    myLocationRole: 'My role at this location',
    orders: 'Company orders',
  },
};

type Failure = Extract<ApiResult<unknown>, { ok: false }>;
type Messages = typeof fr;

function termsText(terms: CompanyLocation['paymentTerms'], t: Messages): string {
  if (terms.kind === 'net' && terms.netDays !== null) return t.terms.net(terms.netDays);
  if (terms.kind === 'deposit' && terms.depositPercent !== null) return t.terms.deposit(terms.depositPercent);
  return t.terms.none;
}

function LocationCard({ location, t }: { location: CompanyLocation; t: Messages }) {
  const headingId = `location-${location.id}`;
  return (
    <li>
      <div>
        <h3 className="item__title" id={headingId}>
          {location.name}
          {location.myRole ? <span className="badge">{t.locationRoles[location.myRole]}</span> : null}
        </h3>
        <dl className="details">
          <dt>{t.catalog}</dt>
          <dd>{location.catalogRef ?? t.defaultCatalog}</dd>
          <dt>{t.paymentTerms}</dt>
          <dd>{termsText(location.paymentTerms, t)}</dd>
          <dt>{t.approval}</dt>
          <dd>{location.requiresApproval ? t.approvalRequired : t.approvalNotRequired}</dd>
        </dl>
      </div>
    </li>
  );
}

export function CompanyOverviewPage() {
  const t = useMessages(messages);
  const ti = useMessages(companyIdentityMessages);
  const c = useMessages(common);
  const { locale } = useLocale();
  const { companyId = '' } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const justCreated = (location.state as { notice?: string } | null)?.notice === 'companyCreated';
  const [company, setCompany] = useState<Company | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);

  useEffect(() => {
    let current = true;
    setCompany(null);
    setFailure(null);
    void getCompany(companyId).then((result) => {
      if (!current) return;
      if (result.ok) setCompany(result.data);
      else if (result.status === 401) void navigate('/sign-in', { replace: true });
      else setFailure(result);
    });
    return () => {
      current = false;
    };
  }, [companyId, navigate]);

  const failureText = failure ? (failure.status === 404 ? t.notFound : describeFailure(failure, c)) : null;
  const countryName = (code: string) => new Intl.DisplayNames([locale], { type: 'region' }).of(code) ?? code;
  const optional = (value: string | null) => value ?? t.none;

  return (
    <>
      <PageHeading>{company ? company.name : t.title}</PageHeading>
      <Alert tone="success">{justCreated && company ? t.created : null}</Alert>
      <Alert>{failureText}</Alert>
      {company ? (
        <>
          <section className="card" aria-labelledby="identity-heading">
            <h2 id="identity-heading">{t.identity}</h2>
            <dl className="details">
              <dt>{t.myRole}</dt>
              <dd>{t.roles[company.myRole]}</dd>
              <dt>{ti.kind}</dt>
              <dd>{ti.kinds[company.kind]}</dd>
              <dt>{ti.country}</dt>
              <dd>{countryName(company.country)}</dd>
              {company.siret ? (
                <>
                  <dt>{ti.siret}</dt>
                  <dd>{company.siret}</dd>
                  <dt>{t.siren}</dt>
                  <dd>{company.siren}</dd>
                </>
              ) : null}
              <dt>{ti.shown.vatNumber}</dt>
              <dd>{optional(company.vatNumber)}</dd>
              {company.enterpriseNumber ? (
                <>
                  <dt>{ti.shown.enterpriseNumber}</dt>
                  <dd>{company.enterpriseNumber}</dd>
                </>
              ) : null}
              <dt>{ti.shown.registrationNumber}</dt>
              <dd>{optional(company.registrationNumber)}</dd>
              {company.otherTaxId ? (
                <>
                  <dt>{ti.shown.otherTaxId}</dt>
                  <dd>{company.otherTaxId}</dd>
                </>
              ) : null}
              {company.kind === 'public_body' ? (
                <>
                  <dt>{ti.shown.chorusServiceCode}</dt>
                  <dd>{optional(company.chorusServiceCode)}</dd>
                </>
              ) : null}
            </dl>
          </section>
          <section className="card" aria-labelledby="locations-heading">
            <h2 id="locations-heading">{t.locations}</h2>
            <p className="muted">{t.locationsIntro}</p>
            <ul className="item-list">
              {company.locations.map((item) => (
                <LocationCard key={item.id} location={item} t={t} />
              ))}
            </ul>
          </section>
        </>
      ) : failure ? null : (
        <p role="status">{c.loading}</p>
      )}
      <ul className="links">
        {company ? (
          <li>
            <Link to={`/companies/${encodeURIComponent(company.id)}/orders`}>{t.orders}</Link>
          </li>
        ) : null}
        <li>
          <Link to="/">{t.backToAccount}</Link>
        </li>
      </ul>
    </>
  );
}
