import { useNavigate } from 'react-router';
import { Alert } from '../../../../ui/alert';
import { useMessages } from '../../../../ui/i18n';
import { PageHeading } from '../../../../ui/layout';
import { createCustomer, type CustomerInput } from '../../api/customers';
import { useMarkets } from '../../api/markets';
import { common } from '../../common.messages';
import { can, useSessionFailure, useStaffSession } from '../../staff-session';
import { CustomerForm } from './customer.form';
import { customerMessages } from './customer.messages';

/** /customers/new: a customer typed in by staff (F6.2); on success, their page. */
export function CustomerNewPage() {
  const t = useMessages(customerMessages);
  const c = useMessages(common);
  const { me } = useStaffSession();
  const navigate = useNavigate();
  const onSessionFailure = useSessionFailure();
  const markets = useMarkets(me.marketIds);
  if (!can(me, 'customers.edit')) {
    return (
      <>
        <PageHeading>{t.newTitle}</PageHeading>
        <Alert>{c.forbidden}</Alert>
      </>
    );
  }
  return (
    <>
      <PageHeading>{t.newTitle}</PageHeading>
      <p>{t.newIntro}</p>
      <div className="card">
        <CustomerForm
          customer={null}
          headingLevel={2}
          submitLabel={t.create}
          submit={(body) => createCustomer(body as CustomerInput)}
          onSaved={(customer) => void navigate(`/customers/${customer.id}`)}
          onSessionFailure={onSessionFailure}
          onCancel={() => void navigate('/customers')}
          markets={markets.workable}
        />
      </div>
    </>
  );
}
