import { Link } from 'react-router';
import { Alert } from '../../../../ui/alert';
import { describeFailure } from '../../../../ui/form-outcome';
import { Button, SelectField, TextField } from '../../../../ui/forms';
import { formatDateTime, useLocale, useMessages, type Locale } from '../../../../ui/i18n';
import { PageHeading } from '../../../../ui/layout';
import { COMPANY_FILTER_NAMES, searchCompanyList, type CompanyListItem } from '../../api/search';
import { common } from '../../common.messages';
import { can, useStaffSession } from '../../staff-session';
import { usePagedList } from '../use-paged-list';
import { useSearchForm } from '../use-search-form';
import { ListTable, MoreButton } from '../list-parts';
import { useMarkets } from '../../api/markets';
import { MarketCell, MarketFilterField, showsMarkets, useMarketWords } from '../markets/market-parts';

const fr = {
  title: 'Entreprises',
  newCompany: 'Nouvelle entreprise',
  searchTitle: 'Rechercher',
  qLabel: 'Rechercher une entreprise',
  qHint: 'Nom, SIRET, SIREN, n° de TVA, n° d’entreprise ou d’immatriculation ; un fragment suffit, sans se soucier des accents ni des majuscules.',
  filters: 'Filtres',
  filtersActive: (count: number) => `Filtres (${count} actif${count > 1 ? 's' : ''})`,
  any: 'Toutes',
  kindLabel: 'Forme',
  kinds: { professional: 'Entrepreneur individuel', company: 'Société', public_body: 'Organisme public', association: 'Association' },
  statusLabel: 'État',
  statuses: { active: 'Active', merged: 'Fusionnée' },
  countryLabel: 'Pays (code ISO, ex. FR)',
  createdFromLabel: 'Créée à partir du',
  createdToLabel: 'Créée jusqu’au',
  search: 'Rechercher',
  clear: 'Tout effacer',
  resultsTitle: 'Résultats',
  columns: { name: 'Nom', kind: 'Forme', country: 'Pays', siret: 'SIRET', vat: 'N° de TVA', members: 'Membres', locations: 'Sites', status: 'État', created: 'Création' },
  shown: (count: number, more: boolean) =>
    count === 0 ? 'Aucune entreprise ne correspond.' : `${count} entreprise${count > 1 ? 's' : ''} affichée${count > 1 ? 's' : ''}${more ? ', d’autres suivent' : ''}.`,
  more: 'Charger plus',
};

const messages: Record<Locale, typeof fr> = {
  fr,
  en: {
    title: 'Companies',
    newCompany: 'New company',
    searchTitle: 'Search',
    qLabel: 'Find a company',
    qHint: 'Name, SIRET, SIREN, VAT number, enterprise or registration number; a fragment is enough, accents and capitals do not matter.',
    filters: 'Filters',
    filtersActive: (count) => `Filters (${count} on)`,
    any: 'All',
    kindLabel: 'Kind',
    kinds: { professional: 'Sole trader', company: 'Company', public_body: 'Public body', association: 'Association' },
    statusLabel: 'Status',
    statuses: { active: 'Active', merged: 'Merged' },
    countryLabel: 'Country (ISO code, e.g. FR)',
    createdFromLabel: 'Created from',
    createdToLabel: 'Created until',
    search: 'Search',
    clear: 'Clear all',
    resultsTitle: 'Results',
    columns: { name: 'Name', kind: 'Kind', country: 'Country', siret: 'SIRET', vat: 'VAT number', members: 'Members', locations: 'Locations', status: 'Status', created: 'Created' },
    shown: (count, more) => (count === 0 ? 'No company matches.' : `${count} compan${count === 1 ? 'y' : 'ies'} shown${more ? ', more to load' : ''}.`),
    more: 'Load more',
  },
};

type Messages = typeof fr;

function options<K extends string>(labels: Record<K, string>, any: string) {
  return [{ value: '', label: any }, ...Object.entries<string>(labels).map(([value, label]) => ({ value, label }))];
}

function CompanyRow({ item, t, showMarket }: { item: CompanyListItem; t: Messages; showMarket: boolean }) {
  const { locale } = useLocale();
  return (
    <tr>
      <th scope="row">
        <Link to={`/companies/${encodeURIComponent(item.id)}`}>{item.name}</Link>
      </th>
      {showMarket ? <MarketCell market={item.market} /> : null}
      <td>{t.kinds[item.kind]}</td>
      <td>{item.country}</td>
      <td className="nowrap">{item.siret}</td>
      <td className="nowrap">{item.vatNumber}</td>
      <td className="number">{item.memberCount}</td>
      <td className="number">{item.locationCount}</td>
      <td>{item.status === 'merged' ? <span className="badge badge--muted">{t.statuses.merged}</span> : <span className="badge">{t.statuses.active}</span>}</td>
      <td className="nowrap">{formatDateTime(locale, item.createdAt)}</td>
    </tr>
  );
}

/** F6.2 / F3.8: find a company by name or number; the words and filters live in the address bar. */
export function CompaniesPage() {
  const t = useMessages(messages);
  const c = useMessages(common);
  const { me } = useStaffSession();
  const { values, key, activeFilters, submit, clear } = useSearchForm(COMPANY_FILTER_NAMES);
  const list = usePagedList((cursor) => searchCompanyList(values, cursor), key);
  const markets = useMarkets(me.marketIds);
  const w = useMarketWords();
  const showMarket = showsMarkets(markets.workable);

  return (
    <>
      <PageHeading>{t.title}</PageHeading>
      {can(me, 'companies.edit') ? (
        <p className="actions actions--page">
          <Link className="button button--primary" to="/companies/new">
            {t.newCompany}
          </Link>
        </p>
      ) : null}
      <section className="card" aria-labelledby="company-search-title">
        <h2 id="company-search-title">{t.searchTitle}</h2>
        <form role="search" noValidate onSubmit={submit} key={key}>
          <TextField label={t.qLabel} hint={t.qHint} name="q" type="search" defaultValue={values.q ?? ''} autoComplete="off" spellCheck={false} />
          <details className="search-filters" open={activeFilters > 0}>
            <summary>{activeFilters > 0 ? t.filtersActive(activeFilters) : t.filters}</summary>
            <div className="field-row field-row--three">
              <SelectField label={t.kindLabel} name="kind" defaultValue={values.kind ?? ''} options={options(t.kinds, t.any)} />
              <SelectField label={t.statusLabel} name="status" defaultValue={values.status ?? ''} options={options(t.statuses, t.any)} />
              <TextField label={t.countryLabel} name="country" defaultValue={values.country ?? ''} maxLength={2} autoComplete="off" spellCheck={false} />
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
      <section className="card" aria-labelledby="company-results">
        <h2 id="company-results">{t.resultsTitle}</h2>
        <Alert>{list.failure ? describeFailure(list.failure, c) : null}</Alert>
        <Alert tone="info">{list.items ? t.shown(list.items.length, list.nextCursor !== null) : null}</Alert>
        {list.items === null && !list.failure ? <p>{c.loading}</p> : null}
        {list.items && list.items.length > 0 ? (
          <ListTable
            headers={[
              t.columns.name,
              ...(showMarket ? [w.market] : []),
              t.columns.kind,
              t.columns.country,
              t.columns.siret,
              t.columns.vat,
              { label: t.columns.members, className: 'number' },
              { label: t.columns.locations, className: 'number' },
              t.columns.status,
              t.columns.created,
            ]}
          >
            {list.items.map((item) => (
              <CompanyRow key={item.id} item={item} t={t} showMarket={showMarket} />
            ))}
          </ListTable>
        ) : null}
        <MoreButton list={list} label={t.more} />
      </section>
    </>
  );
}
