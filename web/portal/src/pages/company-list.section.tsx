import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../../ui/alert';
import type { ApiResult } from '../../../ui/api';
import { useMessages, type Locale } from '../../../ui/i18n';
import { common } from '../common.messages';
import { describeFailure } from '../../../ui/form-outcome';
import { listMyCompanies, type CompanyRole, type MyCompany } from '../portal-api';

const fr = {
  title: 'Mes entreprises',
  intro: 'Les entreprises pour lesquelles vous achetez, et votre rôle dans chacune.',
  none: 'Vous ne faites partie d’aucune entreprise.',
  create: 'Créer une entreprise',
  roles: { admin: 'Administrateur', member: 'Utilisateur' } satisfies Record<CompanyRole, string>,
};

const messages: Record<Locale, typeof fr> = {
  fr,
  en: {
    title: 'My companies',
    intro: 'The companies you buy for, and your role in each.',
    none: 'You do not belong to any company.',
    create: 'Create a company',
    roles: { admin: 'Administrator', member: 'User' },
  },
};

type Failure = Extract<ApiResult<unknown>, { ok: false }>;

/** The account page's list of the caller's companies, each a link to its overview. */
export function CompanyListSection({ onUnauthenticated }: { onUnauthenticated: () => void }) {
  const t = useMessages(messages);
  const c = useMessages(common);
  const [companies, setCompanies] = useState<MyCompany[] | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);

  useEffect(() => {
    let current = true;
    void listMyCompanies().then((result) => {
      if (!current) return;
      if (result.ok) setCompanies(result.data.items);
      else if (result.status === 401) onUnauthenticated();
      else setFailure(result);
    });
    return () => {
      current = false;
    };
  }, [onUnauthenticated]);

  return (
    <section className="card" aria-labelledby="companies-heading">
      <h2 id="companies-heading">{t.title}</h2>
      <p className="muted">{t.intro}</p>
      <Alert>{failure ? describeFailure(failure, c) : null}</Alert>
      {companies === null ? (
        failure ? null : <p role="status">{c.loading}</p>
      ) : companies.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <ul className="item-list">
          {companies.map((company) => (
            <li key={company.id}>
              <p className="item__title">
                <Link to={`/companies/${encodeURIComponent(company.id)}`}>{company.name}</Link>
                <span className="badge">{t.roles[company.role]}</span>
              </p>
            </li>
          ))}
        </ul>
      )}
      <p className="links">
        <Link to="/companies/new">{t.create}</Link>
      </p>
    </section>
  );
}
