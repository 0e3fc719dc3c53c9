import { useCallback, useEffect, useState } from 'react';
import { Alert } from '../../../ui/alert';
import { useMessages } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { listStaff, type StaffUser } from '../backoffice-api';
import { common } from '../common.messages';
import { describeFailure, type Failure } from '../../../ui/form-outcome';
import { can, useSessionFailure, useStaffSession } from '../staff-session';
import { StaffInviteForm } from './staff-invite.form';
import { StaffRow } from './staff-row';
import { useMarkets } from '../api/markets';
import { useStaffMarketWords } from './markets/staff-markets.control';
import { staffMessages } from './staff.messages';

export function StaffPage() {
  const c = useMessages(common);
  const t = useMessages(staffMessages);
  const { me } = useStaffSession();
  const onSessionFailure = useSessionFailure();
  const manage = can(me, 'staff.manage');
  const [users, setUsers] = useState<StaffUser[] | null>(null);
  const markets = useMarkets(null).all;
  const m = useStaffMarketWords();
  const [failure, setFailure] = useState<Failure | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let current = true;
    void listStaff().then((result) => {
      if (!current) return;
      if (result.ok) setUsers(result.data.items);
      else if (!onSessionFailure(result)) setFailure(result);
    });
    return () => {
      current = false;
    };
  }, [version, onSessionFailure]);

  const onChanged = useCallback((changed: StaffUser, message: string) => {
    setFailure(null);
    setNotice(message);
    setUsers((list) => list?.map((user) => (user.id === changed.id ? changed : user)) ?? null);
  }, []);

  const onFailure = useCallback(
    (problem: Failure) => {
      setNotice(null);
      if (!onSessionFailure(problem)) setFailure(problem);
    },
    [onSessionFailure],
  );

  const failureText = failure ? (failure.problem.code === 'last_owner' ? t.lastOwner : describeFailure(failure, c)) : null;
  return (
    <>
      <PageHeading>{t.title}</PageHeading>
      <p>{t.intro}</p>
      <section className="card" aria-labelledby="staff-list">
        <h2 id="staff-list">{t.listTitle}</h2>
        <Alert tone="success">{notice}</Alert>
        <Alert>{failureText}</Alert>
        {users === null && !failure ? <p role="status">{c.loading}</p> : null}
        {users && users.length === 0 ? <p>{t.empty}</p> : null}
        {users && users.length > 0 ? (
          <div className="table-wrap">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t.columns.name}</th>
                  <th scope="col">{t.columns.email}</th>
                  <th scope="col">{t.columns.role}</th>
                  {markets.length > 1 ? <th scope="col">{m.column}</th> : null}
                  <th scope="col">{t.columns.status}</th>
                  <th scope="col">{t.columns.totp}</th>
                  <th scope="col">{t.columns.lastSignIn}</th>
                  {manage ? <th scope="col">{t.columns.actions}</th> : null}
                </tr>
              </thead>
              <tbody>
                {users.map((user) => (
                  <StaffRow key={user.id} user={user} me={me} manage={manage} onChanged={onChanged} onFailure={onFailure} markets={markets} />
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
      {manage ? <StaffInviteForm me={me} onInvited={() => setVersion((value) => value + 1)} /> : null}
    </>
  );
}
