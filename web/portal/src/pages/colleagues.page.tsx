import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert } from '../../../ui/alert';
import type { ApiResult } from '../../../ui/api';
import { NO_ERRORS, useFocusFirstInvalid, type FormErrors } from '../../../ui/form-errors';
import { Button, CheckboxField, SelectField, TextField } from '../../../ui/forms';
import { useLocale, useMessages } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { common } from '../common.messages';
import { checkEmail, describeFailure, failureToFormErrors, fieldErrors, formText } from '../../../ui/form-outcome';
import {
  changeCompanyMemberRole,
  getMe,
  inviteColleague,
  listCompanyInvitations,
  listCompanyLocations,
  listCompanyMembers,
  removeCompanyMember,
  resendCompanyInvitation,
  revokeCompanyInvitation,
  setCompanyMemberLocations,
  type CompanyInvitation,
  type CompanyMember,
  type CompanyRole,
} from '../portal-api';
import { colleaguesMessages, type ColleaguesMessages } from './colleagues.messages';
import {
  fullName,
  issueMessage,
  LocationRolesEditor,
  type Failure,
  type LocationRoles,
  type Place,
} from './colleague-location-roles';

type Loaded = { company: { id: string; name: string }; members: CompanyMember[]; locations: Place[]; meId: string };


/** "Sites : Siège (acheteur), Entrepôt (administrateur du site)"; empty without a role. */
function rolesAtLocations(roles: LocationRoles, locations: Place[], t: ColleaguesMessages): string {
  const names = new Map(locations.map((location) => [location.id, location.name]));
  const parts = roles.flatMap((role) => {
    const name = names.get(role.locationId);
    return name === undefined ? [] : [`${name} (${t.locationRolesInline[role.role]})`];
  });
  return parts.length > 0 ? t.atLocations(parts.join(', ')) : '';
}


function InviteForm(props: { companyId: string; locations: Place[]; onInvited: (email: string) => void; onFailure: (result: Failure) => boolean }) {
  const { companyId, locations, onInvited, onFailure } = props;
  const t = useMessages(colleaguesMessages);
  const c = useMessages(common);
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  useFocusFirstInvalid(formRef, errors);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget);
    const email = formText(form, 'email');
    const role: CompanyRole = formText(form, 'role') === 'admin' ? 'admin' : 'member';
    const locationIds = form.getAll('locationIds').filter((value): value is string => typeof value === 'string');
    const invalid = fieldErrors({ email: checkEmail(email, c) }, c);
    if (invalid) {
      setErrors(invalid);
      return;
    }
    setBusy(true);
    const result = await inviteColleague(companyId, { email, role, locationIds });
    setBusy(false);
    if (result.ok) {
      setErrors(NO_ERRORS);
      formRef.current?.reset();
      onInvited(email);
    } else if (!onFailure(result)) {
      const issues = result.problem.errors?.map((issue) => ({ ...issue, message: issueMessage(issue, t) }));
      setErrors(failureToFormErrors({ ...result, problem: { ...result.problem, errors: issues } }, ['email', 'role', 'locationIds'], c));
    } else {
      setErrors(NO_ERRORS);
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t.inviteTitle}</h2>
      <p className="muted">{t.inviteIntro}</p>
      <Alert>{errors.message}</Alert>
      <form ref={formRef} noValidate onSubmit={submit}>
        <TextField label={t.emailLabel} name="email" type="email" autoComplete="off" error={errors.fields.email} />
        <SelectField
          label={t.roleLabel}
          name="role"
          defaultValue="member"
          options={[
            { value: 'member', label: t.roles.member },
            { value: 'admin', label: t.roles.admin },
          ]}
          error={errors.fields.role}
        />
        <p className="field-hint">{t.roleHelp}</p>
        {locations.length > 0 ? (
          <fieldset className="field field--radios" aria-describedby={`${id}-locations-hint`}>
            <legend>{t.locationsLegend}</legend>
            <p className="field-hint" id={`${id}-locations-hint`}>
              {t.locationsHint}
            </p>
            {locations.map((location, index) => (
              <CheckboxField
                key={location.id}
                label={location.name}
                name="locationIds"
                value={location.id}
                error={index === 0 ? errors.fields.locationIds : undefined}
              />
            ))}
          </fieldset>
        ) : null}
        <Button type="submit" busy={busy}>
          {t.invite}
        </Button>
      </form>
    </section>
  );
}

/**
 * An administrator's editor of one colleague's location roles: a select per location, saved
 * together (PUT replaces them all). Errors of a location's entry go next to its select.
 */
function MemberItem(props: {
  member: CompanyMember;
  isMe: boolean;
  canManage: boolean;
  busy: boolean;
  locations: Place[];
  t: ColleaguesMessages;
  onRole: (role: CompanyRole) => void;
  onRemove: () => void;
  onSaveLocations: (roles: LocationRoles) => Promise<Failure | null>;
}) {
  const { member, isMe, canManage, busy, locations, t } = props;
  const titleId = useId();
  const roles = rolesAtLocations(member.locations, locations, t);
  return (
    <li>
      <div>
        <p className="item__title" id={titleId}>
          {fullName(member)}
          {isMe ? ` (${t.you})` : ''}
          <span className="badge">{t.roles[member.role]}</span>
        </p>
        <p className="item__meta">{member.email}</p>
        {roles ? <p className="item__meta">{roles}</p> : null}
      </div>
      <div className="actions">
        {canManage ? (
          <Button variant="secondary" busy={busy} aria-describedby={titleId} onClick={() => props.onRole(member.role === 'admin' ? 'member' : 'admin')}>
            {member.role === 'admin' ? t.makeMember : t.makeAdmin}
          </Button>
        ) : null}
        {canManage || isMe ? (
          <Button variant="danger" busy={busy} aria-describedby={titleId} onClick={props.onRemove}>
            {isMe ? t.leave : t.remove}
          </Button>
        ) : null}
      </div>
      {canManage && member.role === 'member' && locations.length > 0 ? (
        <LocationRolesEditor member={member} titleId={titleId} locations={locations} t={t} onSave={props.onSaveLocations} />
      ) : null}
    </li>
  );
}

/** /companies/:companyId/colleagues: everyone sees the colleagues; administrators manage them (F3.2–F3.4). */
export function ColleaguesPage() {
  const t = useMessages(colleaguesMessages);
  const c = useMessages(common);
  const { locale } = useLocale();
  const navigate = useNavigate();
  const companyId = useParams().companyId ?? '';
  const id = useId();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [invitations, setInvitations] = useState<CompanyInvitation[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const membersHeading = useRef<HTMLHeadingElement>(null);

  /** Sign-in lost, company gone, or a refusal the page explains: true when handled. */
  const handleFailure = useCallback(
    (result: Failure): boolean => {
      if (result.status === 401) {
        void navigate('/sign-in', { replace: true });
        return true;
      }
      if (result.status === 404) {
        setFailure(t.notFound);
        return true;
      }
      const refusal = t.refusals[result.problem.code];
      if (refusal) setFailure(refusal);
      return Boolean(refusal);
    },
    [navigate, t],
  );

  const showFailure = useCallback(
    (result: Failure) => {
      if (!handleFailure(result)) setFailure(describeFailure(result, c));
    },
    [handleFailure, c],
  );

  const reload = useCallback(async () => {
    const [me, members, locations] = await Promise.all([getMe(), listCompanyMembers(companyId), listCompanyLocations(companyId)]);
    if (!me.ok) return showFailure(me);
    if (!members.ok) {
      setLoaded(null);
      return showFailure(members);
    }
    const places = locations.ok ? locations.data.items.map((location) => ({ id: location.id, name: location.name })) : [];
    setLoaded({ company: members.data.company, members: members.data.items, locations: places, meId: me.data.id });
    const mine = members.data.items.find((member) => member.customerId === me.data.id);
    if (mine?.role === 'admin') {
      const pending = await listCompanyInvitations(companyId);
      if (pending.ok) setInvitations(pending.data.items);
    } else {
      setInvitations([]);
    }
  }, [companyId, showFailure]);

  useEffect(() => {
    void reload();
  }, [reload]);

  async function act(action: () => Promise<ApiResult<unknown>>, success: string, after?: () => void) {
    if (busy) return;
    setBusy(true);
    setFailure(null);
    setNotice(null);
    const result = await action();
    setBusy(false);
    if (result.ok) {
      setNotice(success);
      after?.();
    } else showFailure(result);
    await reload();
    membersHeading.current?.focus();
  }

  async function saveLocations(member: CompanyMember, roles: LocationRoles): Promise<Failure | null> {
    setFailure(null);
    setNotice(null);
    const result = await setCompanyMemberLocations(companyId, member.customerId, roles);
    if (result.ok) setNotice(t.notices.locationsSaved(fullName(member)));
    else if (!handleFailure(result)) return result;
    await reload();
    return null;
  }

  const isAdmin = loaded?.members.find((member) => member.customerId === loaded.meId)?.role === 'admin';
  const dateFormat = new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long' });

  return (
    <>
      <PageHeading>{t.title}</PageHeading>
      <p>
        <Link to="/">{t.backToAccount}</Link>
      </p>
      <Alert tone="success">{notice}</Alert>
      <Alert>{failure}</Alert>
      {loaded === null ? (
        failure ? null : <p role="status">{c.loading}</p>
      ) : (
        <>
          <section className="card" aria-labelledby={`${id}-members`}>
            <h2 id={`${id}-members`} ref={membersHeading} tabIndex={-1}>
              {t.companyTitle(loaded.company.name)}
            </h2>
            {isAdmin ? null : <p className="muted">{t.readOnly}</p>}
            <ul className="item-list" aria-label={t.membersTitle}>
              {loaded.members.map((member) => {
                const isMe = member.customerId === loaded.meId;
                const name = fullName(member);
                return (
                  <MemberItem
                    key={member.customerId}
                    member={member}
                    isMe={isMe}
                    canManage={isAdmin && !isMe}
                    busy={busy}
                    locations={loaded.locations}
                    t={t}
                    onSaveLocations={(roles) => saveLocations(member, roles)}
                    onRole={(role) =>
                      void act(
                        () => changeCompanyMemberRole(companyId, member.customerId, role),
                        role === 'admin' ? t.notices.promoted(name) : t.notices.demoted(name),
                      )
                    }
                    onRemove={() => {
                      if (!window.confirm(isMe ? t.confirmLeave : t.confirmRemove(name))) return;
                      void act(
                        () => removeCompanyMember(companyId, member.customerId),
                        t.notices.removed(name),
                        isMe ? () => void navigate('/', { replace: true }) : undefined,
                      );
                    }}
                  />
                );
              })}
            </ul>
          </section>
          {isAdmin ? (
            <>
              <InviteForm
                companyId={companyId}
                locations={loaded.locations}
                onInvited={(email) => {
                  setFailure(null);
                  setNotice(t.notices.invited(email));
                  void reload();
                }}
                onFailure={handleFailure}
              />
              <section className="card" aria-labelledby={`${id}-invitations`}>
                <h2 id={`${id}-invitations`}>{t.invitationsTitle}</h2>
                {invitations.length === 0 ? (
                  <p>{t.noInvitations}</p>
                ) : (
                  <ul className="item-list">
                    {invitations.map((invitation) => (
                      <li key={invitation.id}>
                        <div>
                          <p className="item__title" id={`${id}-${invitation.id}`}>
                            {invitation.email}
                            <span className="badge">{t.roles[invitation.role]}</span>
                          </p>
                          {invitation.locationIds.length > 0 ? (
                            <p className="item__meta">
                              {rolesAtLocations(
                                invitation.locationIds.map((locationId) => ({ locationId, role: 'buyer' as const })),
                                loaded.locations,
                                t,
                              )}
                            </p>
                          ) : null}
                          <p className="item__meta">
                            {invitation.status === 'expired' ? t.expired : t.expiresOn(dateFormat.format(new Date(invitation.expiresAt)))}
                          </p>
                        </div>
                        <div className="actions">
                          <Button
                            variant="secondary"
                            busy={busy}
                            aria-describedby={`${id}-${invitation.id}`}
                            onClick={() => void act(() => resendCompanyInvitation(companyId, invitation.id), t.notices.resent(invitation.email))}
                          >
                            {t.resend}
                          </Button>
                          <Button
                            variant="danger"
                            busy={busy}
                            aria-describedby={`${id}-${invitation.id}`}
                            onClick={() => {
                              if (window.confirm(t.confirmRevoke(invitation.email))) {
                                void act(() => revokeCompanyInvitation(companyId, invitation.id), t.notices.revoked);
                              }
                            }}
                          >
                            {t.revoke}
                          </Button>
                        </div>
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            </>
          ) : null}
        </>
      )}
    </>
  );
}
