import { useMessages, type Locale } from '../../../../ui/i18n';
import { PageHeading } from '../../../../ui/layout';

const fr = { title: 'Client' };
const messages: Record<Locale, typeof fr> = { fr, en: { title: 'Customer' } };

/** Placeholder: filled by its part of issue 6. */
export function CustomerPage() {
  const t = useMessages(messages);
  return <PageHeading>{t.title}</PageHeading>;
}
