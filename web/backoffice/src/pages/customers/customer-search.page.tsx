import { useMessages, type Locale } from '../../../../ui/i18n';
import { PageHeading } from '../../../../ui/layout';

const fr = { title: 'Clients' };
const messages: Record<Locale, typeof fr> = { fr, en: { title: 'Customers' } };

/** Placeholder: filled by its part of issue 6. */
export function CustomerSearchPage() {
  const t = useMessages(messages);
  return <PageHeading>{t.title}</PageHeading>;
}
