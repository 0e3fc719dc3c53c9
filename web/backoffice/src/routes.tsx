import { createBrowserRouter, Outlet, ScrollRestoration } from 'react-router';
import { ApprovalsPage } from './pages/approvals/approvals.page';
import { AuditPage } from './pages/audit.page';
import { CompaniesPage } from './pages/companies/companies.page';
import { CompanyNewPage } from './pages/companies/company-new.page';
import { CompanyPage } from './pages/companies/company.page';
import { CustomerNewPage } from './pages/customers/customer-new.page';
import { CustomerSearchPage } from './pages/customers/customer-search.page';
import { CustomerPage } from './pages/customers/customer.page';
import { ImportsPage } from './pages/imports/imports.page';
import { MarketsPage } from './pages/markets/markets.page';
import { PrivacyRequestsPage } from './pages/privacy/privacy-requests.page';
import { SettingsPage } from './pages/settings/settings.page';
import { EmailPreviewsPage } from './pages/markets/email-previews.page';
import { MarketBrandingPage } from './pages/markets/market-branding.page';
import { HomePage } from './pages/home.page';
import { NotFoundPage, RouteErrorPage } from './pages/not-found.page';
import { SecondFactorSetupPage } from './pages/second-factor-setup.page';
import { SecondFactorPage } from './pages/second-factor.page';
import { SetupPage } from './pages/setup.page';
import { SignInPage } from './pages/sign-in.page';
import { StaffPage } from './pages/staff.page';
import { ContactThreadPage } from './pages/contact/contact-thread.page';
import { ContactThreadsPage } from './pages/contact/contact-threads.page';
import { RegistryPage } from './pages/registries/registry.page';
import { ApiKeysPage } from './integrations/api-keys.page';
import { OidcClientsPage } from './integrations/oidc-clients.page';
import { WebhookDeliveriesPage } from './integrations/webhook-deliveries.page';
import { WebhooksPage } from './integrations/webhooks.page';
import { BackofficeShell } from './shell';
import { StaffSessionProvider } from './staff-session';

/** Pages reached before a session exists (set-up link, sign-in). */
function PublicLayout() {
  return (
    <BackofficeShell>
      <Outlet />
      <ScrollRestoration />
    </BackofficeShell>
  );
}

/** The second-factor steps: a session exists, so it can be ended, but nothing else is reachable. */
function SecondFactorLayout() {
  return (
    <BackofficeShell signOut>
      <Outlet />
      <ScrollRestoration />
    </BackofficeShell>
  );
}

/** Everything else needs a staff session whose second factor is done (when required). */
function SignedInLayout() {
  return (
    <StaffSessionProvider>
      <Outlet />
      <ScrollRestoration />
    </StaffSessionProvider>
  );
}

export const router = createBrowserRouter(
  [
    {
      element: <PublicLayout />,
      errorElement: <RouteErrorPage />,
      children: [
        { path: '/setup', element: <SetupPage /> },
        { path: '/sign-in', element: <SignInPage /> },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
    {
      element: <SecondFactorLayout />,
      errorElement: <RouteErrorPage />,
      children: [
        { path: '/second-factor', element: <SecondFactorPage /> },
        { path: '/second-factor/setup', element: <SecondFactorSetupPage /> },
      ],
    },
    {
      element: <SignedInLayout />,
      errorElement: <RouteErrorPage />,
      children: [
        { path: '/', element: <HomePage /> },
        { path: '/staff', element: <StaffPage /> },
        { path: '/audit', element: <AuditPage /> },
        { path: '/customers', element: <CustomerSearchPage /> },
        { path: '/customers/new', element: <CustomerNewPage /> },
        { path: '/customers/:customerId', element: <CustomerPage /> },
        { path: '/registries', element: <RegistryPage /> },
        { path: '/registries/:code', element: <RegistryPage /> },
        { path: '/approvals', element: <ApprovalsPage /> },
        { path: '/requests', element: <ContactThreadsPage /> },
        { path: '/requests/:threadId', element: <ContactThreadPage /> },
        { path: '/companies', element: <CompaniesPage /> },
        { path: '/companies/new', element: <CompanyNewPage /> },
        { path: '/companies/:companyId', element: <CompanyPage /> },
        { path: '/privacy', element: <PrivacyRequestsPage /> },
        { path: '/imports', element: <ImportsPage /> },
        { path: '/settings', element: <SettingsPage /> },
        { path: '/markets', element: <MarketsPage /> },
        { path: '/markets/email-previews', element: <EmailPreviewsPage /> },
        { path: '/markets/:marketId/branding', element: <MarketBrandingPage /> },
        { path: '/integrations', element: <ApiKeysPage /> },
        { path: '/integrations/webhooks', element: <WebhooksPage /> },
        { path: '/integrations/webhooks/:endpointId', element: <WebhookDeliveriesPage /> },
        { path: '/integrations/oidc-clients', element: <OidcClientsPage /> },
      ],
    },
  ],
  // Every path above is below /admin, where src/app.ts serves this app.
  { basename: '/admin' },
);
