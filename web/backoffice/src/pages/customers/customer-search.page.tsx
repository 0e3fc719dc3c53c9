import { Link } from 'react-router';
import { Alert } from '../../../../ui/alert';
import { describeFailure } from '../../../../ui/form-outcome';
import { Button, SelectField, TextField } from '../../../../ui/forms';
import { formatDateTime, useLocale, useMessages, type Locale } from '../../../../ui/i18n';
import { PageHeading } from '../../../../ui/layout';
import { CUSTOMER_FILTER_NAMES, displayPhone, searchCustomers, type CustomerSearchItem } from '../../api/search';
import { common } from '../../common.messages';
import { can, useStaffSession } from '../../staff-session';
import { usePagedList } from '../use-paged-list';
import { useSearchForm } from '../use-search-form';
import { ListTable, MoreButton } from '../list-parts';
import { useMarkets } from '../../api/markets';
import { MarketCell, MarketFilterField, showsMarkets, useMarketWords } from '../markets/market-parts';

const fr = {
  title: 'Clients',
  newCustomer: 'Nouveau client',
  searchTitle: 'Rechercher',
  qLabel: 'Rechercher un client',
  qHint: 'Nom, e-mail, téléphone, numéro de carte, entreprise, SIRET ou n° de TVA ; un fragment suffit, sans se soucier des accents ni des majuscules.',
  filters: 'Filtres',
  filtersActive: (count: number) => `Filtres (${count} actif${count > 1 ? 's' : ''})`,
  any: 'Tous',
  typeLabel: 'Type de compte',
  types: { personal: 'Particulier', business: 'Professionnel' },
  statusLabel: 'État',
  statuses: { active: 'Actif', disabled: 'Désactivé' },
  approvalLabel: 'Validation',
  approvals: { approved: 'Approuvé', pending: 'En attente', refused: 'Refusé' },
  localeLabel: 'Langue',
  locales: { fr: 'Français', en: 'Anglais' },
  consentLabel: 'Consentement en cours',
  consents: { newsletter_email: 'Newsletter par e-mail', promotional_email: 'Offres par e-mail', sms: 'SMS' },
  createdFromLabel: 'Inscrit à partir du',
  createdToLabel: 'Inscrit jusqu’au',
  search: 'Rechercher',
  clear: 'Tout effacer',
  resultsTitle: 'Résultats',
  columns: { name: 'Nom', email: 'E-mail', companies: 'Entreprises', phone: 'Téléphone', card: 'Carte', status: 'État', created: 'Inscription' },
  shown: (count: number, more: boolean) =>
    count === 0 ? 'Aucun client ne correspond.' : `${count} client${count > 1 ? 's' : ''} affiché${count > 1 ? 's' : ''}${more ? ', d’autres suivent' : ''}.`,
  more: 'Charger plus',
};

const messages: Record<Locale, typeof fr> = {
  fr,
  en: {
    title: 'Customers',
    newCustomer: 'New customer',
    searchTitle: 'Search',
    qLabel: 'Find a customer',
    qHint: 'Name, email, phone, card number, company, SIRET or VAT number; a fragment is enough, accents and capitals do not matter.',
    filters: 'Filters',
    filtersActive: (count) => `Filters (${count} on)`,
    any: 'All',
    typeLabel: 'Account type',
    types: { personal: 'Personal', business: 'Business' },
    statusLabel: 'Status',
    statuses: { active: 'Active', disabled: 'Disabled' },
    approvalLabel: 'Approval',
    approvals: { approved: 'Approved', pending: 'Pending', refused: 'Refused' },
    localeLabel: 'Language',
    locales: { fr: 'French', en: 'English' },
    consentLabel: 'Current consent',
    consents: { newsletter_email: 'Email newsletter', promotional_email: 'Email offers', sms: 'Text messages' },
    createdFromLabel: 'Signed up from',
    createdToLabel: 'Signed up until',
    search: 'Search',
    clear: 'Clear all',
    resultsTitle: 'Results',
    columns: { name: 'Name', email: 'Email', companies: 'Companies', phone: 'Phone', card: 'Card', status: 'Status', created: 'Signed up' },
    shown: (count, more) => (count === 0 ? 'No customer matches.' : `${count} customer${count === 1 ? '' : 's'} shown${more ? ', more to load' : ''}.`),
    more: 'Load more',
  },
};

type Messages = typeof fr;

function options<K extends string>(labels: Record<K, string>, any: string) {
  return [{ value: '', label: any }, ...Object.entries<string>(labels).map(([value, label]) => ({ value, label }))];
}

function StatusBadges({ item, t }: { item: CustomerSearchItem; t: Messages }) {
  return (
    <>
      {item.status === 'disabled' ? <span className="badge badge--danger">{t.statuses.disabled}</span> : <span className="badge">{t.statuses.active}</span>}{' '}
      {item.approvalStatus === 'pending' ? <span className="badge badge--warning">{t.approvals.pending}</span> : null}
      {item.approvalStatus === 'refused' ? <span className="badge badge--danger">{t.approvals.refused}</span> : null}
    </>
  );
}

function CustomerRow({ item, t, showMarket }: { item: CustomerSearchItem; t: Messages; showMarket: boolean }) {
  const { locale } = useLocale();
  const phones = [displayPhone(item.phone), displayPhone(item.mobile)].filter(Boolean);
  return (
    <tr>
      <th scope="row">
        <Link to={`/customers/${encodeURIComponent(item.id)}`}>{`${item.firstName} ${item.lastName}`.trim() || item.email}</Link>
        {item.businessName ? <span className="line__meta">{item.businessName}</span> : null}
      </th>
      {showMarket ? <MarketCell market={item.market} /> : null}
      <td>{item.email}</td>
      <td>{item.companies.map((company) => company.name).join(', ')}</td>
      <td className="nowrap">
        {phones.map((phone) => (
          <span key={phone} className="customer-search__phone">
            {phone}
          </span>
        ))}
      </td>
      <td className="nowrap">{item.cardNumber}</td>
      <td>
        <StatusBadges item={item} t={t} />
      </td>
      <td className="nowrap">{formatDateTime(locale, item.createdAt)}</td>
    </tr>
  );
}

/** F6.2: one search box and a few filters, kept in the address bar so Back returns to them. */
export function CustomerSearchPage() {
  const t = useMessages(messages);
  const c = useMessages(common);
  const { me } = useStaffSession();
  const { values, key, activeFilters, submit, clear } = useSearchForm(CUSTOMER_FILTER_NAMES);
  const list = usePagedList((cursor) => searchCustomers(values, cursor), key);
  const markets = useMarkets(me.marketIds);
  const w = useMarketWords();
  const showMarket = showsMarkets(markets.workable);

  return (
    <>
      <PageHeading>{t.title}</PageHeading>
      {can(me, 'customers.edit') ? (
        <p className="actions actions--page">
          <Link className="button button--primary" to="/customers/new">
            {t.newCustomer}
          </Link>
        </p>
      ) : null}
      <section className="card" aria-labelledby="customer-search-title">
        <h2 id="customer-search-title">{t.searchTitle}</h2>
        {/* Keyed on the address so that Back, or clearing, puts the fields back as the list is. */}
        <form role="search" noValidate onSubmit={submit} key={key}>
          <TextField label={t.qLabel} hint={t.qHint} name="q" type="search" defaultValue={values.q ?? ''} autoComplete="off" spellCheck={false} />
          <details className="search-filters" open={activeFilters > 0}>
            <summary>{activeFilters > 0 ? t.filtersActive(activeFilters) : t.filters}</summary>
            <div className="field-row field-row--three">
              <SelectField label={t.typeLabel} name="type" defaultValue={values.type ?? ''} options={options(t.types, t.any)} />
              <SelectField label={t.statusLabel} name="status" defaultValue={values.status ?? ''} options={options(t.statuses, t.any)} />
              <SelectField label={t.approvalLabel} name="approval" defaultValue={values.approval ?? ''} options={options(t.approvals, t.any)} />
              <SelectField label={t.localeLabel} name="locale" defaultValue={values.locale ?? ''} options={options(t.locales, t.any)} />
              <SelectField label={t.consentLabel} name="consent" defaultValue={values.consent ?? ''} options={options(t.consents, t.any)} />
              <MarketFilterField markets={markets.workable} value={values.market} />
              <TextField label={t.createdFromLabel} name="createdFrom" type="date" defaultValue={values.createdFrom ?? ''} />
              <TextField label={t.createdToLabel} name="createdTo" type="date" defaultValue={values.createdTo ?? ''} />
            </div>
          </details>
          <div className="actions">
            <Button type="submit">{t.search}</Button>
            <Button variant="link" onClick={clear}>
              {t.clear}
            </Button>
          </div>
        </form>
      </section>
      <section className="card" aria-labelledby="customer-results">
        <h2 id="customer-results">{t.resultsTitle}</h2>
        <Alert>{list.failure ? describeFailure(list.failure, c) : null}</Alert>
        <Alert tone="info">{list.items ? t.shown(list.items.length, list.nextCursor !== null) : null}</Alert>
        {list.items === null && !list.failure ? <p>{c.loading}</p> : null}
        {list.items && list.items.length > 0 ? (
          <ListTable headers={[t.columns.name, ...(showMarket ? [w.market] : []), t.columns.email, t.columns.companies, t.columns.phone, t.columns.card, t.columns.status, t.columns.created]}>
            {list.items.map((item) => (
              <CustomerRow key={item.id} item={item} t={t} showMarket={showMarket} />
            ))}
          </ListTable>
        ) : null}
        <MoreButton list={list} label={t.more} />
      </section>
    </>
  );
}
