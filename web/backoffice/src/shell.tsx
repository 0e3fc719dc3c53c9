import { useState, type ReactNode } from 'react';
import { NavLink, useNavigate } from 'react-router';
import { useMessages } from '../../ui/i18n';
import { LanguageSwitch, MAIN_ID } from '../../ui/layout';
import { signOut, type StaffMe } from './backoffice-api';
import { common } from './common.messages';
import { can } from './staff-session';

const skip = { fr: 'Aller au contenu', en: 'Skip to content' };

/** Ends the staff session, then the sign-in page says so. */
export function SignOutButton({ className = 'shell__sign-out' }: { className?: string }) {
  const c = useMessages(common);
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  async function leave() {
    if (busy) return;
    setBusy(true);
    // Even if the call fails the session is no use to this page any more: go to sign-in.
    await signOut();
    void navigate('/sign-in', { replace: true, state: { notice: 'signedOut' } });
  }
  return (
    <button type="button" className={className} aria-busy={busy || undefined} onClick={leave}>
      {c.signOut}
    </button>
  );
}

function SectionNav({ me }: { me: StaffMe }) {
  const c = useMessages(common);
  const links = [
    { to: '/', label: c.nav.home, shown: true },
    { to: '/customers', label: c.nav.customers, shown: can(me, 'customers.view') },
    { to: '/approvals', label: c.nav.approvals, shown: can(me, 'customers.approve') },
    { to: '/requests', label: c.nav.requests, shown: can(me, 'customers.view') },
    { to: '/companies', label: c.nav.companies, shown: can(me, 'companies.view') },
    { to: '/privacy', label: c.nav.privacy, shown: can(me, 'privacy.requests') },
    { to: '/imports', label: c.nav.imports, shown: can(me, 'imports.run') || can(me, 'exports.run') },
    { to: '/staff', label: c.nav.staff, shown: me.permissions.includes('staff.view') || me.permissions.includes('staff.manage') },
    { to: '/audit', label: c.nav.audit, shown: me.permissions.includes('audit.view') },
    { to: '/markets', label: c.nav.markets, shown: true },
    { to: '/settings', label: c.nav.settings, shown: can(me, 'settings.manage') },
    { to: '/integrations', label: c.nav.integrations, shown: can(me, 'integrations.manage') },
    { to: '/markets/email-previews', label: c.nav.emailPreviews, shown: true },
  ];
  return (
    <nav className="shell__nav" aria-label={c.nav.label}>
      <ul>
        {links
          .filter((link) => link.shown)
          .map((link) => (
            <li key={link.to}>
              {/* NavLink marks the current section with aria-current="page". */}
              <NavLink to={link.to} end={link.to === '/'}>
                {link.label}
              </NavLink>
            </li>
          ))}
      </ul>
    </nav>
  );
}

type ShellProps = { me?: StaffMe | null; signOut?: boolean; children: ReactNode };

/**
 * The back office frame: wider than the portal's (laptop first), the sections of the back
 * office once signed in, who is signed in and the way out. `signOut` alone serves the
 * second-factor pages, where a session exists but the sections are out of reach.
 */
export function BackofficeShell({ me = null, signOut: showSignOut = false, children }: ShellProps) {
  const c = useMessages(common);
  const skipLabel = useMessages(skip);
  return (
    <div className="backoffice">
      <a className="skip-link" href={`#${MAIN_ID}`}>
        {skipLabel}
      </a>
      <header className="app-header">
        <div className="app-header__inner">
          <p className="app-header__brand">
            Comptoir <span className="app-header__section">{c.section}</span>
          </p>
          {me ? <SectionNav me={me} /> : null}
          <div className="shell__tools">
            {me ? <span className="shell__who">{c.signedInAs(me.name)}</span> : null}
            {me || showSignOut ? <SignOutButton /> : null}
            <LanguageSwitch />
          </div>
        </div>
      </header>
      <main id={MAIN_ID} className="app-main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
