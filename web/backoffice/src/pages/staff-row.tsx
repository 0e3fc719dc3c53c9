import { useEffect, useId, useRef, useState } from 'react';
import { Button } from '../../../ui/forms';
import { formatDateTime, useLocale, useMessages } from '../../../ui/i18n';
import { STAFF_ROLES, updateStaff, type StaffMe, type StaffRole, type StaffUser } from '../backoffice-api';
import { common } from '../common.messages';
import type { Failure } from '../../../ui/form-outcome';
import { staffMessages } from './staff.messages';
import type { Market } from '../api/markets';
import { StaffMarketsControl, staffMarketsText, useStaffMarketWords } from './markets/staff-markets.control';

type RowProps = {
  user: StaffUser;
  me: StaffMe;
  manage: boolean;
  onChanged: (user: StaffUser, notice: string) => void;
  onFailure: (failure: Failure) => void;
  /** More than one market: the member's markets are shown (and set by those who manage staff). */
  markets: Market[];
};

/** Only an owner makes or unmakes an owner (the server says so too; this spares a refusal). */
function canChangeRole(me: StaffMe, user: StaffUser): boolean {
  return me.role === 'owner' || user.role !== 'owner';
}

function RoleControl({ user, me, busy, onSave }: { user: StaffUser; me: StaffMe; busy: boolean; onSave: (role: StaffRole) => void }) {
  const c = useMessages(common);
  const t = useMessages(staffMessages);
  const id = useId();
  const [role, setRole] = useState<StaffRole>(user.role);
  const roles = STAFF_ROLES.filter((option) => option !== 'owner' || me.role === 'owner');
  return (
    <div className="row-control">
      <label htmlFor={id} className="visually-hidden">
        {t.roleOf(user.name)}
      </label>
      <select id={id} value={role} onChange={(event) => setRole(event.currentTarget.value as StaffRole)}>
        {roles.map((option) => (
          <option key={option} value={option}>
            {c.roles[option]}
          </option>
        ))}
      </select>
      <Button variant="secondary" busy={busy} aria-label={t.saveRoleOf(user.name)} onClick={() => role !== user.role && onSave(role)}>
        {t.saveRole}
      </Button>
    </div>
  );
}

export function StaffRow({ user, me, manage, onChanged, onFailure, markets }: RowProps) {
  const c = useMessages(common);
  const t = useMessages(staffMessages);
  const { locale } = useLocale();
  const m = useStaffMarketWords();
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const cell = useRef<HTMLTableCellElement>(null);
  const wasConfirming = useRef(false);
  const self = user.id === me.id;

  // Leaving the confirmation removes the focused button: give the focus back to the row's action.
  useEffect(() => {
    if (wasConfirming.current && !confirming) cell.current?.querySelector<HTMLElement>('button')?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  async function change(body: { role?: StaffRole; status?: 'active' | 'disabled' }) {
    if (busy) return;
    setBusy(true);
    const result = await updateStaff(user.id, body);
    setBusy(false);
    setConfirming(false);
    if (!result.ok) return onFailure(result);
    const notice = body.role
      ? t.roleChanged(result.data.name, c.roles[result.data.role])
      : result.data.status === 'disabled'
        ? t.disabled(result.data.name)
        : t.enabled(result.data.name);
    onChanged(result.data, notice);
  }

  const statusCell = (
    <span className={{ active: 'badge', invited: 'badge badge--warning', disabled: 'badge badge--danger' }[user.status]}>{c.statuses[user.status]}</span>
  );
  return (
    <tr>
      <th scope="row">
        {user.name} {self ? <span className="muted">{t.you}</span> : null}
      </th>
      <td>{user.email}</td>
      <td>{manage && !self && canChangeRole(me, user) ? <RoleControl user={user} me={me} busy={busy} onSave={(role) => void change({ role })} /> : c.roles[user.role]}</td>
      {markets.length > 1 ? (
        <td>
          {manage && !self && canChangeRole(me, user) ? (
            <StaffMarketsControl user={user} markets={markets} onChanged={onChanged} onFailure={onFailure} />
          ) : (
            staffMarketsText(user, markets, m.all)
          )}
        </td>
      ) : null}
      <td>{statusCell}</td>
      <td>{user.totpEnabled ? t.totpOn : t.totpOff}</td>
      <td>{user.lastSignInAt ? formatDateTime(locale, user.lastSignInAt) : t.never}</td>
      {manage ? (
        <td ref={cell}>
          {self || !canChangeRole(me, user) ? null : confirming ? (
            <div className="row-control row-control--confirm" role="group" aria-label={t.disableOf(user.name)}>
              <p>{t.confirmDisable(user.name)}</p>
              <Button variant="danger" busy={busy} autoFocus onClick={() => void change({ status: 'disabled' })}>
                {t.confirm}
              </Button>
              <Button variant="link" onClick={() => setConfirming(false)}>
                {t.cancel}
              </Button>
            </div>
          ) : user.status !== 'disabled' ? (
            <Button variant="secondary" aria-label={t.disableOf(user.name)} onClick={() => setConfirming(true)}>
              {t.disable}
            </Button>
          ) : (
            <Button variant="secondary" busy={busy} aria-label={t.enableOf(user.name)} onClick={() => void change({ status: 'active' })}>
              {t.enable}
            </Button>
          )}
        </td>
      ) : null}
    </tr>
  );
}
