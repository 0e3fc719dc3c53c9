import { createBrowserRouter, Outlet, ScrollRestoration } from 'react-router';
import { BrandFooter, useBranding } from '../../ui/branding';
import { AppShell } from '../../ui/layout';
import { useMessages } from '../../ui/i18n';
import { common } from './common.messages';
import { AccountPage } from './pages/account.page';
import { AddressesPage } from './pages/addresses.page';
import { BuyingContextPage } from './pages/buying-context.page';
import { LocationPage } from './pages/location.page';
import { ColleaguesPage } from './pages/colleagues.page';
import { CompanyNewPage } from './pages/company-new.page';
import { CompanyOverviewPage } from './pages/company-overview.page';
import { EmailChangeConfirmPage, EmailChangeReportPage } from './pages/email-change.pages';
import { ForgotPasswordPage } from './pages/forgot-password.page';
import { InvitationAcceptPage } from './pages/invitation-accept.page';
import { NotFoundPage, RouteErrorPage } from './pages/not-found.page';
import { ProfilePage } from './pages/profile.page';
import { PasskeysPage } from './pages/passkeys.page';
import { PrivacyPage } from './pages/privacy.page';
import { PreferencesPage } from './pages/preferences.page';
import { ResetPasswordPage } from './pages/reset-password.page';
import { SignInPage } from './pages/sign-in.page';
import { SignUpPage } from './pages/sign-up.page';
import { OidcInteractionPage } from './pages/oidc-interaction.page';
import { UnsubscribePage } from './pages/unsubscribe.page';
import { VerifyEmailPage } from './pages/verify-email.page';
import { orderRoutes } from './order-routes';
import { giftRoutes } from './gift-routes';
import { InboxLink } from './inbox-link';
import { MessagesPage } from './pages/messages.page';
import { MessagePage } from './pages/message.page';
import { ContactPage } from './pages/contact.page';
import { ContactThreadPage } from './pages/contact-thread.page';

function PortalLayout() {
  const t = useMessages(common);
  const branding = useBranding();
  return (
    <AppShell brand={branding?.shopName ?? 'Comptoir'} logoUrl={branding?.logoUrl ?? null} section={t.section} nav={<InboxLink />} footer={<BrandFooter />}>
      <Outlet />
      <ScrollRestoration />
    </AppShell>
  );
}

/** Shown while a page's code loads on the first visit straight to it (see order-routes.tsx). */
function LoadingShell() {
  const t = useMessages(common);
  const branding = useBranding();
  return (
    <AppShell brand={branding?.shopName ?? 'Comptoir'} logoUrl={branding?.logoUrl ?? null} section={t.section}>
      <p role="status">{t.loading}</p>
    </AppShell>
  );
}

export const router = createBrowserRouter([
  {
    element: <PortalLayout />,
    HydrateFallback: LoadingShell,
    children: [
      {
        // A crash inside a page keeps the header and language switch around the error message.
        errorElement: <RouteErrorPage />,
        children: [
          { path: '/', element: <AccountPage /> },
          { path: '/addresses', element: <AddressesPage /> },
          { path: '/context', element: <BuyingContextPage /> },
          { path: '/companies/:companyId/locations/:locationId', element: <LocationPage /> },
          { path: '/profile', element: <ProfilePage /> },
          { path: '/passkeys', element: <PasskeysPage /> },
          { path: '/email-change/confirm', element: <EmailChangeConfirmPage /> },
          { path: '/email-change/report', element: <EmailChangeReportPage /> },
          { path: '/privacy', element: <PrivacyPage /> },
          { path: '/companies/new', element: <CompanyNewPage /> },
          { path: '/companies/:companyId', element: <CompanyOverviewPage /> },
          { path: '/preferences', element: <PreferencesPage /> },
          { path: '/messages', element: <MessagesPage /> },
          { path: '/messages/:messageId', element: <MessagePage /> },
          { path: '/contact', element: <ContactPage /> },
          { path: '/contact/:threadId', element: <ContactThreadPage /> },
          { path: '/unsubscribe', element: <UnsubscribePage /> },
          { path: '/companies/:companyId/colleagues', element: <ColleaguesPage /> },
          ...orderRoutes,
          ...giftRoutes,
          { path: '/invitations/accept', element: <InvitationAcceptPage /> },
          { path: '/sign-up', element: <SignUpPage /> },
          { path: '/sign-in', element: <SignInPage /> },
          { path: '/verify-email', element: <VerifyEmailPage /> },
          { path: '/forgot-password', element: <ForgotPasswordPage /> },
          { path: '/reset-password', element: <ResetPasswordPage /> },
          { path: '/oidc/interaction/:uid', element: <OidcInteractionPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
