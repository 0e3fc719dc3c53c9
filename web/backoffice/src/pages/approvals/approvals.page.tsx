import { useMessages, type Locale } from '../../../../ui/i18n';
import { PageHeading } from '../../../../ui/layout';

const fr = { title: 'Comptes à approuver' };
const messages: Record<Locale, typeof fr> = { fr, en: { title: 'Accounts to approve' } };

/** Placeholder: filled by its part of issue 6. */
export function ApprovalsPage() {
  const t = useMessages(messages);
  return <PageHeading>{t.title}</PageHeading>;
}
