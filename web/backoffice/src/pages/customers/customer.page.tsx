import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert } from '../../../../ui/alert';
import { Button } from '../../../../ui/forms';
import { describeFailure, type Failure } from '../../../../ui/form-outcome';
import { useLocale, useMessages } from '../../../../ui/i18n';
import { PageHeading } from '../../../../ui/layout';
import { disableCustomer, enableCustomer, getCustomer, sendPasswordReset, updateCustomer, type CustomerAddress, type CustomerDetail } from '../../api/customers';
import { common } from '../../common.messages';
import { can, useSessionFailure, useStaffSession } from '../../staff-session';
import { CustomerApprovalSection } from '../approvals/customer-approval.section';
import { CustomerPrivacySection } from '../privacy/customer-privacy.section';
import { ConfirmDialog } from './confirm.dialog';
import { CustomerMarketSection } from '../markets/customer-market.section';
import { CustomerDataSections } from './customer-data.sections';
import { CustomerNotesSection } from './customer-notes.section';
import { CustomerPasskeysSection } from './customer-passkeys.section';
import { CustomerRegistriesSection } from '../registries/customer-registries.section';
import { SendMessageSection } from '../messages/send-message.section';
import { CustomerForm } from './customer.form';
import { customerMessages, formatDate, formatDateTime, type CustomerMessages } from './customer.messages';

type Pending = 'reset' | 'disable' | 'enable' | null;

function addressLines(address: CustomerAddress): string {
  const name = [address.firstName, address.lastName].filter(Boolean).join(' ');
  return [name, address.company, address.attention, address.line1, address.line2, [address.postalCode, address.city].filter(Boolean).join(' '), address.region, address.country]
    .filter(Boolean)
    .join('\n');
}

function Badges({ customer, t }: { customer: CustomerDetail; t: CustomerMessages }) {
  return (
    <p className="customer-badges">
      <span className={customer.status === 'active' ? 'badge' : 'badge badge--danger'}>{t.badges[customer.status]}</span>
      <span className={customer.emailVerified ? 'badge' : 'badge badge--warning'}>{customer.emailVerified ? t.badges.verified : t.badges.unverified}</span>
      {customer.approvalStatus !== 'approved' ? <span className="badge badge--warning">{t.badges[customer.approvalStatus]}</span> : null}
      {customer.hasPassword ? null : <span className="badge badge--muted">{t.badges.noPassword}</span>}
    </p>
  );
}

/** /customers/:customerId: one customer, what staff can do for them, and their data on demand (each view audited). */
export function CustomerPage() {
  const t = useMessages(customerMessages);
  const c = useMessages(common);
  const { locale } = useLocale();
  const { me } = useStaffSession();
  const navigate = useNavigate();
  const onSessionFailure = useSessionFailure();
  const { customerId = '' } = useParams();
  const [customer, setCustomer] = useState<CustomerDetail | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [pending, setPending] = useState<Pending>(null);
  const [busy, setBusy] = useState(false);
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((value) => value + 1), []);

  useEffect(() => {
    let current = true;
    void getCustomer(customerId).then((result) => {
      if (!current) return;
      if (result.ok) {
        setCustomer(result.data);
        setFailure(null);
      } else if (!onSessionFailure(result)) setFailure(result);
    });
    return () => {
      current = false;
    };
  }, [customerId, version, onSessionFailure]);

  async function confirm() {
    if (!customer || !pending) return;
    setBusy(true);
    const action = pending;
    const result = action === 'reset' ? await sendPasswordReset(customer.id) : action === 'disable' ? await disableCustomer(customer.id) : await enableCustomer(customer.id);
    setBusy(false);
    setPending(null);
    if (!result.ok) {
      setNotice(null);
      if (onSessionFailure(result)) return;
      if (result.problem.code === 'customer_disabled') setFailure({ ...result, problem: { ...result.problem, detail: t.disabledNoReset } });
      else setFailure(result);
      return;
    }
    setFailure(null);
    if (action === 'reset') setNotice(t.resetSent(customer.email));
    else {
      setCustomer(result.data as CustomerDetail);
      setNotice(action === 'disable' ? t.disabledDone : t.enabledDone);
    }
  }

  if (!customer) {
    return (
      <>
        <PageHeading>{t.title}</PageHeading>
        {failure ? <Alert>{failure.status === 404 ? t.notFound : describeFailure(failure, c)}</Alert> : <p role="status">{t.loading}</p>}
      </>
    );
  }

  const name = `${customer.firstName} ${customer.lastName}`;
  const mayEdit = can(me, 'customers.edit');
  const mayErase = can(me, 'customers.erase');
  const l = t.detailsLabels;
  const dash = (value: string | null) => value || t.none;
  const consents = (['newsletterEmail', 'promotionalEmail', 'sms'] as const).filter((field) => customer.consents[field].granted).map((field) => t.consents[field]);
  return (
    <>
      <PageHeading>{name}</PageHeading>
      <p className="customer-email">{customer.email}</p>
      <Badges customer={customer} t={t} />
      <Alert tone="success">{notice}</Alert>
      <Alert>{failure ? describeFailure(failure, c) : null}</Alert>

      {mayEdit || mayErase ? (
        <section aria-labelledby="customer-actions" className="customer-actions">
          <h2 id="customer-actions" className="visually-hidden">
            {t.actions}
          </h2>
          <div className="actions actions--page">
            {mayEdit ? (
              <Button variant="secondary" aria-expanded={editing} aria-controls="customer-edit" onClick={() => setEditing((value) => !value)}>
                {t.edit}
              </Button>
            ) : null}
            {mayEdit && customer.status === 'active' ? (
              <Button variant="secondary" onClick={() => setPending('reset')}>
                {t.sendReset}
              </Button>
            ) : null}
            {mayErase ? (
              customer.status === 'active' ? (
                <Button variant="danger" onClick={() => setPending('disable')}>
                  {t.disable}
                </Button>
              ) : (
                <Button variant="secondary" onClick={() => setPending('enable')}>
                  {t.enable}
                </Button>
              )
            ) : null}
          </div>
        </section>
      ) : null}

      {pending ? (
        <ConfirmDialog
          title={pending === 'reset' ? t.resetConfirmTitle : pending === 'disable' ? t.disableConfirmTitle : t.enableConfirmTitle}
          text={pending === 'reset' ? t.resetConfirmText(customer.email) : pending === 'disable' ? t.disableConfirmText : t.enableConfirmText}
          confirmLabel={pending === 'reset' ? t.resetConfirm : pending === 'disable' ? t.disable : t.enable}
          cancelLabel={t.cancel}
          danger={pending === 'disable'}
          busy={busy}
          onConfirm={() => void confirm()}
          onCancel={() => setPending(null)}
        />
      ) : null}

      {editing ? (
        <section id="customer-edit" className="card" aria-labelledby="customer-edit-title">
          <h2 id="customer-edit-title">{t.editTitle}</h2>
          <CustomerForm
            customer={customer}
            headingLevel={3}
            submitLabel={t.save}
            submit={(body) => updateCustomer(customer.id, body)}
            onSaved={(saved) => {
              setCustomer(saved);
              setEditing(false);
              setFailure(null);
              setNotice(t.saved);
            }}
            onSessionFailure={onSessionFailure}
            onCancel={() => setEditing(false)}
          />
        </section>
      ) : null}

      <CustomerMarketSection customer={customer} onMoved={setCustomer} />

      <CustomerApprovalSection customerId={customer.id} approvalStatus={customer.approvalStatus} onDecided={reload} />

      <section className="card" aria-labelledby="customer-summary">
        <h2 id="customer-summary">{t.summary}</h2>
        <dl className="details">
          <dt>{l.phone}</dt>
          <dd>{dash(customer.phoneNational)}</dd>
          <dt>{l.mobile}</dt>
          <dd>{dash(customer.mobileNational)}</dd>
          <dt>{l.locale}</dt>
          <dd>{t.locales[customer.locale]}</dd>
          <dt>{l.gender}</dt>
          <dd>{customer.gender ? t.genders[customer.gender] : t.none}</dd>
          <dt>{l.birthDate}</dt>
          <dd>{customer.birthDate ? formatDate(locale, customer.birthDate) : t.none}</dd>
          <dt>{l.type}</dt>
          <dd>{t.accountTypes[customer.accountType]}</dd>
          {customer.accountType !== 'individual' ? (
            <>
              <dt>{l.business}</dt>
              <dd>{[customer.businessName, customer.businessIdentifier, customer.businessRegistrationNumber, customer.businessVatNumber].filter(Boolean).join(' · ') || t.none}</dd>
            </>
          ) : null}
          <dt>{l.card}</dt>
          <dd>{dash(customer.cardNumber)}</dd>
          <dt>{l.consents}</dt>
          <dd>{consents.length > 0 ? consents.join(', ') : t.none}</dd>
          <dt>{l.orders}</dt>
          <dd>{customer.counts.orders}</dd>
          <dt>{l.origin}</dt>
          <dd>{t.origins[customer.origin] ?? customer.origin}</dd>
          <dt>{l.createdAt}</dt>
          <dd>
            <time dateTime={customer.createdAt}>{formatDateTime(locale, customer.createdAt)}</time>
          </dd>
        </dl>
      </section>

      <section className="card" aria-labelledby="customer-addresses">
        <h2 id="customer-addresses">{t.addressesTitle}</h2>
        {customer.addresses.length === 0 ? <p>{t.noAddresses}</p> : null}
        <ul className="customer-addresses">
          {customer.addresses.map((address) => (
            <li key={address.id}>
              <p className="customer-addresses__kind">
                {t.addressKinds[address.kind]}
                {address.isDefault ? ` (${t.defaultAddress})` : ''}
              </p>
              <address className="address">{addressLines(address)}</address>
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="customer-companies">
        <h2 id="customer-companies">{t.companiesTitle}</h2>
        {customer.companies.length === 0 ? (
          <p>{t.noCompanies}</p>
        ) : (
          <ul>
            {customer.companies.map((company) => (
              <li key={company.id}>
                <Link to={`/companies/${company.id}`}>{company.name}</Link> — {t.companyRoles[company.role] ?? company.role}
              </li>
            ))}
          </ul>
        )}
      </section>

      <SendMessageSection target={{ kind: 'customer', id: customer.id }} />
      <CustomerNotesSection customerId={customer.id} />
      <CustomerDataSections customerId={customer.id} />
      <CustomerPasskeysSection customerId={customer.id} />
      <CustomerRegistriesSection customerId={customer.id} />
      <CustomerPrivacySection customerId={customer.id} onErased={() => void navigate('/customers')} />
    </>
  );
}
