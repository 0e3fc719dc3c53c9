import { Link } from 'react-router';
import { useMessages, type Locale } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { common } from '../common.messages';
import { can, useStaffSession } from '../staff-session';

const fr = {
  title: (name: string) => `Bonjour ${name}`,
  intro: 'Le back-office sert à l’équipe de la boutique à gérer les comptes clients. Voici ce que votre rôle vous ouvre.',
  accountTitle: 'Votre accès',
  roleTerm: 'Rôle',
  emailTerm: 'Adresse e-mail',
  secondFactorTerm: 'Double authentification',
  secondFactorOn: 'Activée',
  secondFactorOff: 'Non activée',
  sectionsTitle: 'Sections',
  staff: 'Équipe',
  staffManage: 'Les membres de l’équipe et leurs rôles : inviter, changer un rôle, désactiver un accès.',
  staffView: 'Les membres de l’équipe et leurs rôles.',
  audit: 'Journal d’audit',
  auditText: 'Qui a fait quoi, quand et d’où : connexions, mises en place de la double authentification, changements dans l’équipe.',
  nothing: 'Votre rôle n’ouvre encore aucune section. Les prochaines arrivent bientôt.',
};

const messages: Record<Locale, typeof fr> = {
  fr,
  en: {
    title: (name) => `Hello ${name}`,
    intro: 'The back office is where the shop’s staff manage customer accounts. Here is what your role opens.',
    accountTitle: 'Your access',
    roleTerm: 'Role',
    emailTerm: 'Email address',
    secondFactorTerm: 'Two-factor authentication',
    secondFactorOn: 'On',
    secondFactorOff: 'Off',
    sectionsTitle: 'Sections',
    staff: 'Staff',
    staffManage: 'The staff and their roles: invite, change a role, disable an access.',
    staffView: 'The staff and their roles.',
    audit: 'Audit log',
    auditText: 'Who did what, when and from where: sign-ins, two-factor set-ups, changes to the staff.',
    nothing: 'Your role opens no section yet. The next ones are coming soon.',
  },
};

export function HomePage() {
  const t = useMessages(messages);
  const c = useMessages(common);
  const { me } = useStaffSession();
  const sections = [
    can(me, 'staff.manage') || can(me, 'staff.view')
      ? { to: '/staff', title: t.staff, text: can(me, 'staff.manage') ? t.staffManage : t.staffView }
      : null,
    can(me, 'audit.view') ? { to: '/audit', title: t.audit, text: t.auditText } : null,
  ].filter((section) => section !== null);

  return (
    <>
      <PageHeading>{t.title(me.name)}</PageHeading>
      <p>{t.intro}</p>
      <div className="home-grid">
        <section className="card" aria-labelledby="home-sections">
          <h2 id="home-sections">{t.sectionsTitle}</h2>
          {sections.length ? (
            <ul className="plain-list section-links">
              {sections.map((section) => (
                <li key={section.to}>
                  <Link to={section.to}>{section.title}</Link>
                  <p className="muted">{section.text}</p>
                </li>
              ))}
            </ul>
          ) : (
            <p>{t.nothing}</p>
          )}
        </section>
        <section className="card" aria-labelledby="home-access">
          <h2 id="home-access">{t.accountTitle}</h2>
          <dl className="details">
            <dt>{t.roleTerm}</dt>
            <dd>{c.roles[me.role]}</dd>
            <dt>{t.emailTerm}</dt>
            <dd>{me.email}</dd>
            <dt>{t.secondFactorTerm}</dt>
            <dd>{me.totpEnabled ? t.secondFactorOn : t.secondFactorOff}</dd>
          </dl>
        </section>
      </div>
    </>
  );
}
