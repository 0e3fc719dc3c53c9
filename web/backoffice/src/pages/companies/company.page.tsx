import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { Alert } from '../../../../ui/alert';
import { NO_ERRORS, useFocusFirstInvalid, type FormErrors } from '../../../../ui/form-errors';
import { describeFailure, type Failure } from '../../../../ui/form-outcome';
import { Button } from '../../../../ui/forms';
import { useMessages } from '../../../../ui/i18n';
import { PageHeading } from '../../../../ui/layout';
import { getCompany, updateCompany, type StaffCompany } from '../../api/companies';
import { common } from '../../common.messages';
import { can, useSessionFailure, useStaffSession } from '../../staff-session';
import { CompanyAdminForm } from './company-admin.form';
import { CompanyIdentityInputs, IDENTITY_FIELDS, localizedFormErrors, readIdentity, useIssueMessages } from './company-identity.fields';
import { CompanyLocationsSection } from './company-locations.section';
import { CompanyMergeSection } from './company-merge.section';
import { SendMessageSection } from '../messages/send-message.section';
import { companyMessages } from './company.messages';

function IdentitySection({ company, edit, onSaved }: { company: StaffCompany; edit: boolean; onSaved: (company: StaffCompany, notice: string) => void }) {
  const c = useMessages(common);
  const t = useMessages(companyMessages);
  const issues = useIssueMessages();
  const onSessionFailure = useSessionFailure();
  const formRef = useRef<HTMLFormElement>(null);
  const editActions = useRef<HTMLDivElement>(null);
  const [editing, setEditing] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  useFocusFirstInvalid(formRef, errors);

  useEffect(() => {
    if (editing) formRef.current?.querySelector<HTMLElement>('select, input')?.focus();
  }, [editing]);

  function close() {
    setEditing(false);
    setErrors(NO_ERRORS);
    setTimeout(() => editActions.current?.querySelector('button')?.focus(), 0);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const identity = readIdentity(new FormData(event.currentTarget));
    if (!identity.name) {
      setErrors({ fields: { name: issues.required ?? '' }, message: c.fieldsToFix });
      return;
    }
    setBusy(true);
    const result = await updateCompany(company.id, identity);
    setBusy(false);
    if (result.ok) {
      onSaved(result.data, t.identitySaved);
      close();
    } else if (!onSessionFailure(result)) {
      setErrors(
        result.problem.code === 'company_merged' ? { fields: {}, message: t.companyMerged } : localizedFormErrors(result.problem, IDENTITY_FIELDS, describeFailure(result, c), issues),
      );
    }
  }

  const value = (text: string | null) => text ?? t.none;
  return (
    <section className="card" aria-labelledby="company-identity">
      <h2 id="company-identity">{t.identity}</h2>
      {editing ? (
        <form ref={formRef} noValidate onSubmit={submit}>
          <Alert>{errors.message}</Alert>
          <CompanyIdentityInputs initial={company} errors={errors.fields} />
          <div className="actions">
            <Button type="submit" busy={busy}>
              {t.saveIdentity}
            </Button>
            <Button variant="secondary" onClick={close}>
              {t.cancel}
            </Button>
          </div>
        </form>
      ) : (
        <>
          <dl className="details company-details">
            <dt>{t.name}</dt>
            <dd>{company.name}</dd>
            <dt>{t.kind}</dt>
            <dd>{t.kinds[company.kind]}</dd>
            <dt>{t.country}</dt>
            <dd>{company.country}</dd>
            <dt>{t.siret}</dt>
            <dd>{value(company.siret)}</dd>
            <dt>{t.siren}</dt>
            <dd>{value(company.siren)}</dd>
            <dt>{t.vatNumber}</dt>
            <dd>{value(company.vatNumber)}</dd>
            <dt>{t.enterpriseNumber}</dt>
            <dd>{value(company.enterpriseNumber)}</dd>
            <dt>{t.registrationNumber}</dt>
            <dd>{value(company.registrationNumber)}</dd>
            <dt>{t.otherTaxId}</dt>
            <dd>{value(company.otherTaxId)}</dd>
            <dt>{t.chorusServiceCode}</dt>
            <dd>{value(company.chorusServiceCode)}</dd>
          </dl>
          {edit ? (
            <div className="actions" ref={editActions}>
              <Button variant="secondary" onClick={() => setEditing(true)}>
                {t.editIdentity}
              </Button>
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}

function MembersSection({ company }: { company: StaffCompany }) {
  const t = useMessages(companyMessages);
  return (
    <section className="card" aria-labelledby="company-members">
      <h2 id="company-members">{t.members}</h2>
      {company.members.length === 0 ? (
        <p>{t.noMembers}</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t.memberColumns.name}</th>
                <th scope="col">{t.memberColumns.email}</th>
                <th scope="col">{t.memberColumns.role}</th>
                <th scope="col">{t.memberColumns.locations}</th>
              </tr>
            </thead>
            <tbody>
              {company.members.map((member) => (
                <tr key={member.customerId}>
                  <th scope="row">
                    <Link to={`/customers/${encodeURIComponent(member.customerId)}`}>{`${member.firstName} ${member.lastName}`.trim()}</Link>
                  </th>
                  <td>{member.email}</td>
                  <td>{t.companyRoles[member.role]}</td>
                  <td>
                    {member.role === 'admin' && member.locations.length === 0
                      ? t.allLocations
                      : member.locations.map((location) => `${location.name} (${t.locationRoles[location.role]})`).join(', ') || t.none}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {company.counts.members > company.members.length ? <p className="muted">{t.membersShown(company.members.length, company.counts.members)}</p> : null}
    </section>
  );
}

/** /companies/:companyId: identity, members, locations and their terms; naming an administrator; merging a duplicate. */
export function CompanyPage() {
  const c = useMessages(common);
  const t = useMessages(companyMessages);
  const { companyId = '' } = useParams();
  const { me } = useStaffSession();
  const onSessionFailure = useSessionFailure();
  const [company, setCompany] = useState<StaffCompany | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let current = true;
    void getCompany(companyId).then((result) => {
      if (!current) return;
      if (result.ok) {
        setCompany(result.data);
        setFailure(null);
      } else if (!onSessionFailure(result)) setFailure(result);
    });
    return () => {
      current = false;
    };
  }, [companyId, version, onSessionFailure]);

  const reload = useCallback((message: string) => {
    setNotice(message);
    setVersion((value) => value + 1);
  }, []);

  if (!company) {
    return (
      <>
        <PageHeading>{t.pageTitle}</PageHeading>
        {failure ? <Alert>{describeFailure(failure, c)}</Alert> : <p role="status">{c.loading}</p>}
      </>
    );
  }

  const active = company.status === 'active';
  const edit = active && can(me, 'companies.edit');
  return (
    <>
      <PageHeading>{company.name}</PageHeading>
      <p>
        <Link to="/companies">{t.back}</Link>
      </p>
      <p>
        <span className={active ? 'badge' : 'badge badge--muted'}>{t.status[company.status]}</span> {t.counts(company.counts)}
      </p>
      <Alert tone="success">{notice}</Alert>
      {company.mergedInto ? (
        <div className="alert alert--info">
          <p>{t.merged(company.mergedInto.name)}</p>
          <Link to={`/companies/${encodeURIComponent(company.mergedInto.id)}`}>{t.mergedLink}</Link>
        </div>
      ) : null}
      {edit && company.administrators === 0 ? <CompanyAdminForm companyId={company.id} administrators={0} me={me} onNamed={reload} /> : null}
      <IdentitySection
        company={company}
        edit={edit}
        onSaved={(saved, message) => {
          setCompany(saved);
          setNotice(message);
        }}
      />
      <MembersSection company={company} />
      {active ? <SendMessageSection target={{ kind: 'company', id: company.id }} /> : null}
      {active ? <CompanyLocationsSection companyId={company.id} locations={company.locations} edit={edit} onChanged={reload} /> : null}
      {company.mergedFrom.length > 0 ? (
        <section className="card" aria-labelledby="company-merged-from">
          <h2 id="company-merged-from">{t.mergedFrom}</h2>
          <ul className="plain-list">
            {company.mergedFrom.map((duplicate) => (
              <li key={duplicate.id}>
                <Link to={`/companies/${encodeURIComponent(duplicate.id)}`}>{duplicate.name}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {edit && company.administrators > 0 ? <CompanyAdminForm companyId={company.id} administrators={company.administrators} me={me} onNamed={reload} /> : null}
      {edit ? <CompanyMergeSection company={company} onMerged={(report) => reload(t.merged_(report))} /> : null}
    </>
  );
}
