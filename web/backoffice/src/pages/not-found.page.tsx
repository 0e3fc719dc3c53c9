import { Link } from 'react-router';
import { useMessages, type Locale } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { BackofficeShell } from '../shell';

const fr = {
  notFoundTitle: 'Page introuvable',
  notFound: 'Cette adresse ne correspond à aucune page du back-office.',
  errorTitle: 'Une erreur est survenue',
  error: 'La page n’a pas pu s’afficher. Rechargez-la, ou revenez plus tard.',
  home: 'Aller à l’accueil du back-office',
};

const messages: Record<Locale, typeof fr> = {
  fr,
  en: {
    notFoundTitle: 'Page not found',
    notFound: 'There is no back office page at this address.',
    errorTitle: 'Something went wrong',
    error: 'The page could not be shown. Reload it, or come back later.',
    home: 'Go to the back office home',
  },
};

export function NotFoundPage() {
  const t = useMessages(messages);
  return (
    <section className="card narrow">
      <PageHeading>{t.notFoundTitle}</PageHeading>
      <p>{t.notFound}</p>
      <p>
        <Link to="/">{t.home}</Link>
      </p>
    </section>
  );
}

/** Shown when a page throws while rendering; a plain link reloads the app from scratch. */
export function RouteErrorPage() {
  const t = useMessages(messages);
  return (
    <BackofficeShell>
      <section className="card narrow">
        <PageHeading>{t.errorTitle}</PageHeading>
        <p>{t.error}</p>
        <p>
          <a href="/admin">{t.home}</a>
        </p>
      </section>
    </BackofficeShell>
  );
}
