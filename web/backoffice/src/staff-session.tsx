import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { Alert } from '../../ui/alert';
import { useMessages } from '../../ui/i18n';
import { getMe, type StaffMe, type StaffRole } from './backoffice-api';
import { common } from './common.messages';
import { describeFailure, type Failure } from '../../ui/form-outcome';
import { BackofficeShell } from './shell';

/** Owners and administrators hold the keys to everything: they cannot go on without a second factor. */
export const SECOND_FACTOR_REQUIRED: readonly StaffRole[] = ['owner', 'administrator'];

type StaffSession = { me: StaffMe; reload: () => void };

const StaffSessionContext = createContext<StaffSession | null>(null);

export function useStaffSession(): StaffSession {
  const value = useContext(StaffSessionContext);
  if (!value) throw new Error('useStaffSession must be used inside <StaffSessionProvider>');
  return value;
}

export function can(me: StaffMe, permission: string): boolean {
  return me.permissions.includes(permission);
}

/** Where a session that is not (yet) enough for the back office must go, or null if it is enough. */
function pendingStep(me: StaffMe): string | null {
  if (me.secondFactorVerified) return null;
  if (me.totpEnabled) return '/second-factor';
  return SECOND_FACTOR_REQUIRED.includes(me.role) ? '/second-factor/setup' : null;
}

/**
 * What a failed call means for the whole session: no session → sign-in; second factor pending
 * → its page. Returns true when it navigated, so the caller shows nothing.
 */
export function useSessionFailure(): (failure: Failure) => boolean {
  const navigate = useNavigate();
  return useCallback(
    (failure: Failure) => {
      if (failure.status === 401) {
        void navigate('/sign-in', { replace: true });
        return true;
      }
      if (failure.status === 403 && failure.problem.code === 'second_factor_required') {
        void navigate('/second-factor', { replace: true });
        return true;
      }
      return false;
    },
    [navigate],
  );
}

/**
 * Loads the signed-in staff member once for every page below (pages read it from context) and
 * frames them with the back office's sections.
 */
export function StaffSessionProvider({ children }: { children: ReactNode }) {
  const c = useMessages(common);
  const navigate = useNavigate();
  const onSessionFailure = useSessionFailure();
  const [me, setMe] = useState<StaffMe | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let current = true;
    void getMe().then((result) => {
      if (!current) return;
      if (!result.ok) {
        if (!onSessionFailure(result)) setFailure(result);
        return;
      }
      const step = pendingStep(result.data);
      if (step) void navigate(step, { replace: true });
      else setMe(result.data);
    });
    return () => {
      current = false;
    };
  }, [version, navigate, onSessionFailure]);

  const reload = useCallback(() => setVersion((value) => value + 1), []);
  if (failure) {
    return (
      <BackofficeShell>
        <Alert>{describeFailure(failure, c)}</Alert>
      </BackofficeShell>
    );
  }
  if (!me) {
    return (
      <BackofficeShell>
        <p role="status">{c.loading}</p>
      </BackofficeShell>
    );
  }
  return (
    <StaffSessionContext.Provider value={{ me, reload }}>
      <BackofficeShell me={me}>{children}</BackofficeShell>
    </StaffSessionContext.Provider>
  );
}
