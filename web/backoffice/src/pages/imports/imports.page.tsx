import { useMessages, type Locale } from '../../../../ui/i18n';
import { PageHeading } from '../../../../ui/layout';

const fr = { title: 'Import et export' };
const messages: Record<Locale, typeof fr> = { fr, en: { title: 'Import and export' } };

/** Placeholder: filled by its part of issue 6. */
export function ImportsPage() {
  const t = useMessages(messages);
  return <PageHeading>{t.title}</PageHeading>;
}
