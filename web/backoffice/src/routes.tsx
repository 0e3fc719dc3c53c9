import { createBrowserRouter, Outlet, ScrollRestoration } from 'react-router';
import { AuditPage } from './pages/audit.page';
import { HomePage } from './pages/home.page';
import { NotFoundPage, RouteErrorPage } from './pages/not-found.page';
import { SecondFactorSetupPage } from './pages/second-factor-setup.page';
import { SecondFactorPage } from './pages/second-factor.page';
import { SetupPage } from './pages/setup.page';
import { SignInPage } from './pages/sign-in.page';
import { StaffPage } from './pages/staff.page';
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
      ],
    },
  ],
  // Every path above is below /admin, where src/app.ts serves this app.
  { basename: '/admin' },
);
