import { useMessages, type Locale } from '../../../../ui/i18n';
import { PageHeading } from '../../../../ui/layout';

const fr = { title: 'Nouveau client' };
const messages: Record<Locale, typeof fr> = { fr, en: { title: 'New customer' } };

/** Placeholder: filled by its part of issue 6. */
export function CustomerNewPage() {
  const t = useMessages(messages);
  return <PageHeading>{t.title}</PageHeading>;
}
