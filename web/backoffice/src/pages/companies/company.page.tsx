import { useMessages, type Locale } from '../../../../ui/i18n';
import { PageHeading } from '../../../../ui/layout';

const fr = { title: 'Entreprise' };
const messages: Record<Locale, typeof fr> = { fr, en: { title: 'Company' } };

/** Placeholder: filled by its part of issue 6. */
export function CompanyPage() {
  const t = useMessages(messages);
  return <PageHeading>{t.title}</PageHeading>;
}
