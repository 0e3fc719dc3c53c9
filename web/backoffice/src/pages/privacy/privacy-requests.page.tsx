import { useMessages, type Locale } from '../../../../ui/i18n';
import { PageHeading } from '../../../../ui/layout';

const fr = { title: 'Demandes RGPD' };
const messages: Record<Locale, typeof fr> = { fr, en: { title: 'Privacy requests' } };

/** Placeholder: filled by its part of issue 6. */
export function PrivacyRequestsPage() {
  const t = useMessages(messages);
  return <PageHeading>{t.title}</PageHeading>;
}
