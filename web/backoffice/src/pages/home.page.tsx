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
  customers: 'Clients',
  customersText: 'Trouver un client par son nom, son e-mail, son téléphone, sa carte ou son entreprise ; le créer, le modifier, l’aider.',
  approvals: 'Comptes à approuver',
  approvalsText: 'Les nouveaux comptes qui attendent votre validation, à approuver ou refuser.',
  companies: 'Entreprises',
  companiesText: 'Les comptes entreprise, leurs sites, conditions de paiement et administrateurs ; fusionner des doublons.',
  privacy: 'Demandes RGPD',
  privacyText: 'Les demandes d’accès et d’effacement, et leur échéance d’un mois.',
  imports: 'Import et export',
  importsText: 'Importer des clients depuis un fichier CSV (Shopify ou Comptoir), exporter clients et entreprises.',
  settings: 'Réglages',
  settingsText: 'Quels nouveaux comptes attendent une validation.',
  staff: 'Équipe',
  staffManage: 'Les membres de l’équipe et leurs rôles : inviter, changer un rôle, désactiver un accès.',
  staffView: 'Les membres de l’équipe et leurs rôles.',
  audit: 'Journal d’audit',
  auditText: 'Qui a fait quoi, quand et d’où : connexions, consultations de données personnelles, changements apportés aux clients, aux entreprises et à l’équipe.',
  nothing: 'Votre rôle n’ouvre aucune section.',
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
    customers: 'Customers',
    customersText: 'Find a customer by name, email, phone, card or company; create, edit and help them.',
    approvals: 'Accounts to approve',
    approvalsText: 'New accounts waiting for your decision, to approve or refuse.',
    companies: 'Companies',
    companiesText: 'Business accounts, their locations, payment terms and administrators; merge duplicates.',
    privacy: 'Privacy requests',
    privacyText: 'Access and erasure requests, and their one-month deadline.',
    imports: 'Import and export',
    importsText: 'Import customers from a CSV file (Shopify or Comptoir), export customers and companies.',
    settings: 'Settings',
    settingsText: 'Which new accounts wait for approval.',
    staff: 'Staff',
    staffManage: 'The staff and their roles: invite, change a role, disable an access.',
    staffView: 'The staff and their roles.',
    audit: 'Audit log',
    auditText: 'Who did what, when and from where: sign-ins, views of personal data, changes to customers, companies and the staff.',
    nothing: 'Your role opens no section.',
  },
};

export function HomePage() {
  const t = useMessages(messages);
  const c = useMessages(common);
  const { me } = useStaffSession();
  const sections = [
    can(me, 'customers.view') ? { to: '/customers', title: t.customers, text: t.customersText } : null,
    can(me, 'customers.approve') ? { to: '/approvals', title: t.approvals, text: t.approvalsText } : null,
    can(me, 'companies.view') ? { to: '/companies', title: t.companies, text: t.companiesText } : null,
    can(me, 'privacy.requests') ? { to: '/privacy', title: t.privacy, text: t.privacyText } : null,
    can(me, 'imports.run') || can(me, 'exports.run') ? { to: '/imports', title: t.imports, text: t.importsText } : null,
    can(me, 'staff.manage') || can(me, 'staff.view')
      ? { to: '/staff', title: t.staff, text: can(me, 'staff.manage') ? t.staffManage : t.staffView }
      : null,
    can(me, 'audit.view') ? { to: '/audit', title: t.audit, text: t.auditText } : null,
    can(me, 'settings.manage') ? { to: '/settings', title: t.settings, text: t.settingsText } : null,
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
