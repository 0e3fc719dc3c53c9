import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Alert } from '../../../../ui/alert';
import { NO_ERRORS, useFocusFirstInvalid, type FormErrors } from '../../../../ui/form-errors';
import { describeFailure, formText, type Failure } from '../../../../ui/form-outcome';
import { Button, CheckboxField, SelectField, TextField } from '../../../../ui/forms';
import { useMessages } from '../../../../ui/i18n';
import {
  createLocation,
  deleteLocation,
  NET_TERM_DAYS,
  updateLocation,
  type LocationInput,
  type PaymentTermsKind,
  type StaffLocation,
} from '../../api/companies';
import { common } from '../../common.messages';
import { useSessionFailure } from '../../staff-session';
import { localizedFormErrors, useIssueMessages } from './company-identity.fields';
import { companyMessages } from './company.messages';

const FIELDS = ['name', 'catalogRef', 'paymentTerms.kind', 'paymentTerms.netDays', 'paymentTerms.depositPercent', 'requiresApproval'] as const;
const TERMS_KINDS: readonly PaymentTermsKind[] = ['none', 'net', 'deposit'];

function readLocation(form: FormData): LocationInput & { name: string } {
  const kind = (formText(form, 'termsKind') || 'none') as PaymentTermsKind;
  const percent = formText(form, 'depositPercent');
  return {
    name: formText(form, 'name'),
    catalogRef: formText(form, 'catalogRef') || null,
    paymentTerms: {
      kind,
      ...(kind === 'net' ? { netDays: Number(formText(form, 'netDays')) } : {}),
      ...(kind === 'deposit' ? { depositPercent: percent === '' ? null : Number(percent) } : {}),
    },
    requiresApproval: form.get('requiresApproval') === 'on',
  };
}

/** Name, catalog, payment terms (none / net with its days / deposit with its percent) and approval rule. */
function LocationFields({ location, errors }: { location?: StaffLocation; errors: Record<string, string> }) {
  const t = useMessages(companyMessages);
  const id = useId();
  const [kind, setKind] = useState<PaymentTermsKind>(location?.paymentTerms.kind ?? 'none');
  const termsError = errors['paymentTerms.kind'];
  return (
    <>
      <div className="field-row">
        <TextField label={t.locationName} name="name" defaultValue={location?.name ?? ''} autoComplete="off" required error={errors.name} />
        <TextField label={t.catalogRef} hint={t.catalogRefHint} name="catalogRef" defaultValue={location?.catalogRef ?? ''} autoComplete="off" error={errors.catalogRef} />
      </div>
      <fieldset className={termsError ? 'field field--radios field--invalid' : 'field field--radios'}>
        <legend>{t.paymentTerms}</legend>
        {termsError ? <p className="field-error">{termsError}</p> : null}
        <div className="company-terms">
          {TERMS_KINDS.map((value) => (
            <div className="radio" key={value}>
              <input type="radio" id={`${id}-${value}`} name="termsKind" value={value} checked={kind === value} onChange={() => setKind(value)} />
              <label htmlFor={`${id}-${value}`}>{t.termsKinds[value]}</label>
            </div>
          ))}
        </div>
        {kind === 'net' ? (
          <SelectField
            label={t.netDays}
            name="netDays"
            defaultValue={String(location?.paymentTerms.netDays ?? 30)}
            options={NET_TERM_DAYS.map((days) => ({ value: String(days), label: t.days(days) }))}
            error={errors['paymentTerms.netDays']}
          />
        ) : null}
        {kind === 'deposit' ? (
          <TextField
            label={t.depositPercent}
            name="depositPercent"
            type="number"
            min={1}
            max={100}
            inputMode="numeric"
            defaultValue={String(location?.paymentTerms.depositPercent ?? 30)}
            error={errors['paymentTerms.depositPercent']}
          />
        ) : null}
      </fieldset>
      <CheckboxField label={t.requiresApproval} name="requiresApproval" defaultChecked={location?.requiresApproval ?? false} error={errors.requiresApproval} />
    </>
  );
}

type LocationFormProps = {
  location?: StaffLocation;
  submitLabel: string;
  onSubmit: (body: LocationInput & { name: string }) => Promise<{ ok: true } | { ok: false; failure: Failure }>;
  onCancel?: () => void;
};

function LocationForm({ location, submitLabel, onSubmit, onCancel }: LocationFormProps) {
  const c = useMessages(common);
  const t = useMessages(companyMessages);
  const issues = useIssueMessages();
  const onSessionFailure = useSessionFailure();
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  useFocusFirstInvalid(formRef, errors);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const formElement = event.currentTarget;
    const body = readLocation(new FormData(formElement));
    if (!body.name) {
      setErrors({ fields: { name: issues.required ?? '' }, message: c.fieldsToFix });
      return;
    }
    setBusy(true);
    const outcome = await onSubmit(body);
    setBusy(false);
    if (outcome.ok) {
      setErrors(NO_ERRORS);
      if (!location) formElement.reset();
      return;
    }
    const { failure } = outcome;
    if (onSessionFailure(failure)) return;
    if (failure.problem.code === 'company_merged') setErrors({ fields: {}, message: t.companyMerged });
    else setErrors(localizedFormErrors(failure.problem, FIELDS, describeFailure(failure, c), issues));
  }

  return (
    <form ref={formRef} noValidate onSubmit={submit}>
      <Alert>{errors.message}</Alert>
      <LocationFields location={location} errors={errors.fields} />
      <div className="actions">
        <Button type="submit" busy={busy}>
          {submitLabel}
        </Button>
        {onCancel ? (
          <Button variant="secondary" onClick={onCancel}>
            {t.cancel}
          </Button>
        ) : null}
      </div>
    </form>
  );
}

function Addresses({ location }: { location: StaffLocation }) {
  const t = useMessages(companyMessages);
  if (location.addresses.length === 0) return <p className="muted">{t.noAddress}</p>;
  return (
    <ul className="plain-list">
      {location.addresses.map((address) => (
        <li key={address.id}>
          <strong>{address.kind === 'billing' ? t.billing : t.delivery}</strong>
          {address.isDefault ? ` (${t.defaultDelivery})` : ''} :{' '}
          {[address.company, [address.firstName, address.lastName].filter(Boolean).join(' '), address.line1, address.line2, `${address.postalCode ?? ''} ${address.city}`.trim(), address.country]
            .filter(Boolean)
            .join(', ')}
        </li>
      ))}
    </ul>
  );
}

type LocationCardProps = {
  companyId: string;
  location: StaffLocation;
  edit: boolean;
  onChanged: (notice: string) => void;
};

function LocationCard({ companyId, location, edit, onChanged }: LocationCardProps) {
  const c = useMessages(common);
  const t = useMessages(companyMessages);
  const onSessionFailure = useSessionFailure();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const headingId = useId();
  const actionsRef = useRef<HTMLDivElement>(null);
  const wasOpen = useRef(false);

  // Closing the editor or the confirmation removes the focused control: give focus back to the card's actions.
  useEffect(() => {
    if (wasOpen.current && !editing && !confirming) actionsRef.current?.querySelector<HTMLElement>('button')?.focus();
    wasOpen.current = editing || confirming;
  }, [editing, confirming]);

  async function remove() {
    if (busy) return;
    setBusy(true);
    const result = await deleteLocation(companyId, location.id);
    setBusy(false);
    setConfirming(false);
    if (result.ok) return onChanged(t.locationDeleted(location.name));
    if (onSessionFailure(result)) return;
    const code = result.problem.code;
    setFailure(
      code === 'last_location'
        ? t.lastLocation
        : code === 'location_has_history'
          ? t.locationHasHistory
          : code === 'company_merged'
            ? t.companyMerged
            : describeFailure(result, c),
    );
  }

  return (
    <li className="card company-location" aria-labelledby={headingId}>
      <h3 id={headingId}>{location.name}</h3>
      <Alert>{failure}</Alert>
      {editing ? (
        <LocationForm
          location={location}
          submitLabel={t.saveLocation}
          onCancel={() => setEditing(false)}
          onSubmit={async (body) => {
            const result = await updateLocation(companyId, location.id, body);
            if (!result.ok) return { ok: false, failure: result };
            setEditing(false);
            onChanged(t.locationSaved(result.data.name));
            return { ok: true };
          }}
        />
      ) : (
        <>
          <dl className="details company-details">
            <dt>{t.catalogRef}</dt>
            <dd>{location.catalogRef ?? t.noCatalog}</dd>
            <dt>{t.paymentTerms}</dt>
            <dd>{t.termsLabel(location.paymentTerms.kind, location.paymentTerms.netDays, location.paymentTerms.depositPercent)}</dd>
            <dt>{t.approvalLabel}</dt>
            <dd>{location.requiresApproval ? t.approvalOn : t.approvalOff}</dd>
            <dt>{t.addresses}</dt>
            <dd>
              <Addresses location={location} />
            </dd>
            <dt>{t.historyLabel}</dt>
            <dd>{t.history(location.orders, location.documents)}</dd>
          </dl>
          {edit ? (
            confirming ? (
              <div className="row-control row-control--confirm">
                <p>{t.confirmDelete(location.name)}</p>
                <Button variant="danger" busy={busy} onClick={() => void remove()}>
                  {t.confirmDeleteButton}
                </Button>
                <Button variant="secondary" onClick={() => setConfirming(false)}>
                  {t.cancel}
                </Button>
              </div>
            ) : (
              <div className="actions" ref={actionsRef}>
                <Button variant="secondary" aria-label={t.editLocation(location.name)} onClick={() => setEditing(true)}>
                  {t.edit}
                </Button>
                <Button variant="danger" aria-label={t.deleteLocationOf(location.name)} onClick={() => setConfirming(true)}>
                  {t.deleteLocation}
                </Button>
              </div>
            )
          ) : null}
        </>
      )}
    </li>
  );
}

/** Every location with its terms; staff with companies.edit edit, add and delete them. */
export function CompanyLocationsSection({
  companyId,
  locations,
  edit,
  onChanged,
}: {
  companyId: string;
  locations: StaffLocation[];
  edit: boolean;
  onChanged: (notice: string) => void;
}) {
  const t = useMessages(companyMessages);
  return (
    <section className="card" aria-labelledby="company-locations">
      <h2 id="company-locations">{t.locations}</h2>
      <ul className="company-locations">
        {locations.map((location) => (
          <LocationCard key={location.id} companyId={companyId} location={location} edit={edit} onChanged={onChanged} />
        ))}
      </ul>
      {edit ? (
        <details className="company-add-location">
          <summary>{t.addLocation}</summary>
          <LocationForm
            submitLabel={t.addLocationSubmit}
            onSubmit={async (body) => {
              const result = await createLocation(companyId, body);
              if (!result.ok) return { ok: false, failure: result };
              onChanged(t.locationAdded(result.data.name));
              return { ok: true };
            }}
          />
        </details>
      ) : null}
    </section>
  );
}
