import { useMessages, type Locale } from '../../../../ui/i18n';
import { PageHeading } from '../../../../ui/layout';

const fr = { title: 'Nouvelle entreprise' };
const messages: Record<Locale, typeof fr> = { fr, en: { title: 'New company' } };

/** Placeholder: filled by its part of issue 6. */
export function CompanyNewPage() {
  const t = useMessages(messages);
  return <PageHeading>{t.title}</PageHeading>;
}
