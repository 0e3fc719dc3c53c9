import { useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert } from '../../../ui/alert';
import { NO_ERRORS, useFocusFirstInvalid, type FormErrors } from '../../../ui/form-errors';
import { failureToFormErrors } from '../../../ui/form-outcome';
import { Button } from '../../../ui/forms';
import { formatDate } from './registry-format';
import { useLocale, useMessages } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { common } from '../common.messages';
import { createRegistry, listRegistries } from '../registries-api';
import { registryMessages } from './registries.messages';
import { REGISTRY_FIELDS, RegistryFields, registryBodyOf } from './registry-fields';
import { usePagedList } from './use-load';

/** Listes de cadeaux: the owner's registries and a form to create one. */
export function MyRegistriesPage() {
  const t = useMessages(registryMessages);
  const c = useMessages(common);
  const { locale } = useLocale();
  const navigate = useNavigate();
  const registries = usePagedList(listRegistries, 'registries');
  const form = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  useFocusFirstInvalid(form, errors);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = registryBodyOf(new FormData(event.currentTarget));
    const missing = Object.fromEntries((['title', 'ownerNames'] as const).filter((name) => !body[name]).map((name) => [name, t.required]));
    if (Object.keys(missing).length) {
      setErrors({ fields: missing, message: c.fieldsToFix });
      return;
    }
    setBusy(true);
    const result = await createRegistry(body);
    setBusy(false);
    if (result.ok) void navigate(`/my-registries/${result.data.id}`);
    else setErrors(failureToFormErrors(result, REGISTRY_FIELDS, c));
  }

  return (
    <>
      <PageHeading>{t.title}</PageHeading>
      <p className="muted">{t.intro}</p>
      <p>
        <Link to="/">{t.backToAccount}</Link>
      </p>
      <section className="card" aria-labelledby="registries-heading">
        <h2 id="registries-heading">{t.listLabel}</h2>
        <Alert>{registries.failure ? c.unexpected : null}</Alert>
        {registries.items === null ? (
          <p role="status">{c.loading}</p>
        ) : registries.items.length === 0 ? (
          <p>{t.none}</p>
        ) : (
          <ul className="item-list" aria-labelledby="registries-heading">
            {registries.items.map((registry) => (
              <li key={registry.id}>
                <div className="item__main">
                  <p className="item__title">
                    <Link to={`/my-registries/${registry.id}`}>{registry.title}</Link>
                    {registry.status === 'closed' ? <span className="badge badge--muted">{t.closedBadge}</span> : null}
                  </p>
                  <p className="item__meta">
                    {t.kinds[registry.kind]}
                    {registry.eventDate ? ` · ${formatDate(locale, registry.eventDate)}` : ''}
                  </p>
                  <p className="item__meta">{t.codeLine(registry.publicCode)}</p>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card" aria-labelledby="new-registry-heading">
        <h2 id="new-registry-heading">{t.newRegistry}</h2>
        <form ref={form} onSubmit={create} noValidate>
          <Alert>{errors.message}</Alert>
          <RegistryFields t={t} errors={errors} />
          <div className="actions">
            <Button type="submit" busy={busy}>
              {t.create}
            </Button>
          </div>
        </form>
      </section>
    </>
  );
}
