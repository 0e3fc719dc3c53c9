import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert } from '../../../ui/alert';
import { describeFailure, formText } from '../../../ui/form-outcome';
import { Button, TextField } from '../../../ui/forms';
import { useLocale, useMessages } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { common } from '../common.messages';
import { looksLikeRegistryCode, searchPublicRegistries, type PublicRegistrySummary } from '../registries-api';
import { registryMessages } from './registries.messages';
import { formatDate } from './registry-format';
import type { Failure } from './use-load';

/** Signed out: find a registry by its owners' names, or go straight to it by its code. */
export function RegistrySearchPage() {
  const t = useMessages(registryMessages);
  const c = useMessages(common);
  const { locale } = useLocale();
  const navigate = useNavigate();
  const [results, setResults] = useState<PublicRegistrySummary[] | null>(null);
  const [error, setError] = useState<string | undefined>(undefined);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);

  async function search(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const q = formText(new FormData(event.currentTarget), 'q');
    setFailure(null);
    if (q.length < 3) {
      setError(t.searchTooShort);
      return;
    }
    setError(undefined);
    if (looksLikeRegistryCode(q)) {
      void navigate(`/registries/${encodeURIComponent(q.replace(/\s/g, '').toUpperCase())}`);
      return;
    }
    setBusy(true);
    const result = await searchPublicRegistries(q);
    setBusy(false);
    if (result.ok) setResults(result.data.items);
    else setFailure(result);
  }

  return (
    <>
      <PageHeading>{t.findTitle}</PageHeading>
      <p className="muted">{t.findIntro}</p>
      <section className="card" aria-labelledby="search-heading">
        <h2 id="search-heading" className="visually-hidden">
          {t.search}
        </h2>
        <form onSubmit={search} noValidate role="search">
          <Alert>{failure ? describeFailure(failure, c) : null}</Alert>
          <TextField label={t.searchLabel} name="q" maxLength={100} error={error} autoComplete="off" />
          <div className="actions">
            <Button type="submit" busy={busy}>
              {t.search}
            </Button>
          </div>
        </form>
      </section>
      <div role="status" aria-live="polite">
        {results === null ? null : results.length === 0 ? (
          <p>{t.noResults}</p>
        ) : (
          <section className="card" aria-labelledby="results-heading">
            <h2 id="results-heading">{t.results}</h2>
            <ul className="item-list" aria-labelledby="results-heading">
              {results.map((registry) => (
                <li key={registry.publicCode}>
                  <div className="item__main">
                    <p className="item__title">
                      <Link to={`/registries/${registry.publicCode}`}>{registry.title}</Link>
                    </p>
                    <p className="item__meta">
                      {registry.ownerNames} · {t.kinds[registry.kind]}
                      {registry.eventDate ? ` · ${formatDate(locale, registry.eventDate)}` : ''}
                    </p>
                  </div>
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
    </>
  );
}
