import { useMessages, type Locale } from '../../../../ui/i18n';
import { PageHeading } from '../../../../ui/layout';

const fr = { title: 'Entreprises' };
const messages: Record<Locale, typeof fr> = { fr, en: { title: 'Companies' } };

/** Placeholder: filled by its part of issue 6. */
export function CompaniesPage() {
  const t = useMessages(messages);
  return <PageHeading>{t.title}</PageHeading>;
}
