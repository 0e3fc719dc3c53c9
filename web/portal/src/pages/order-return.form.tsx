import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../../ui/alert';
import { Button, SelectField, TextField } from '../../../ui/forms';
import { NO_ERRORS, useFocusFirstInvalid, type FormErrors } from '../../../ui/form-errors';
import { useMessages } from '../../../ui/i18n';
import { common } from '../common.messages';
import { describeFailure, formText } from '../../../ui/form-outcome';
import { RETURN_REASONS, requestReturn, type OrderLine, type ReturnReason, type ReturnRequest } from '../portal-api';
import { orderDetailMessages, type OrderDetailMessages } from './order-detail.messages';
import { ordersMessages } from './orders.messages';
import { useFailureHandler, type Failure } from './use-load';

const lineField = (lineId: string) => `line-${lineId}`;

type Chosen = { lines: { lineId: string; quantity: number }[]; reason: string; comment: string };

/** Only what spares a round trip; the server checks again what is still returnable. */
function check(chosen: Chosen, returnable: readonly OrderLine[], t: OrderDetailMessages): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of returnable) {
    const wanted = chosen.lines.find((item) => item.lineId === line.id);
    if (wanted && wanted.quantity > line.returnableQuantity) fields[lineField(line.id)] = t.quantityTooHigh(line.returnableQuantity);
  }
  if (chosen.lines.length === 0 && returnable[0]) fields[lineField(returnable[0].id)] = t.noLineChosen;
  if (!chosen.reason) fields.reason = t.reasonRequired;
  return fields;
}

/** Puts each server issue next to its field: `lines.N.quantity` is the Nth line sent. */
function placeProblem(failure: Failure, sent: Chosen, message: string): FormErrors {
  const fields: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const issue of failure.problem.errors ?? []) {
    const [head, index] = issue.path.split('.');
    const sentLine = head === 'lines' && index !== undefined ? sent.lines[Number(index)] : undefined;
    const field = sentLine ? lineField(sentLine.lineId) : head === 'reason' || head === 'comment' ? head : null;
    if (field) fields[field] ??= issue.message;
    else unplaced.push(issue.message);
  }
  return { fields, message: [message, ...unplaced].join(' ') };
}

type ReturnFormProps = { orderId: string; lines: readonly OrderLine[]; onCreated: (created: ReturnRequest) => void; onCancel: () => void };

export function ReturnForm({ orderId, lines, onCreated, onCancel }: ReturnFormProps) {
  const t = useMessages(orderDetailMessages);
  const o = useMessages(ordersMessages);
  const c = useMessages(common);
  const form = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const handleFailure = useFailureHandler(setFailure);
  const returnable = lines.filter((line) => line.returnableQuantity > 0);
  useFocusFirstInvalid(form, errors);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const data = new FormData(event.currentTarget);
    const chosen: Chosen = {
      lines: returnable
        .map((line) => ({ lineId: line.id, quantity: Number(formText(data, lineField(line.id)) || '0') }))
        .filter((line) => line.quantity !== 0),
      reason: formText(data, 'reason'),
      comment: formText(data, 'comment'),
    };
    const fields = check(chosen, returnable, t);
    setFailure(null);
    if (Object.keys(fields).length > 0) return setErrors({ fields, message: c.fieldsToFix });
    setErrors(NO_ERRORS);
    setBusy(true);
    const body = { lines: chosen.lines, reason: chosen.reason as ReturnReason, ...(chosen.comment ? { comment: chosen.comment } : {}) };
    const result = await requestReturn(orderId, body);
    setBusy(false);
    if (result.ok) return onCreated(result.data);
    if (result.problem.errors?.length) setErrors(placeProblem(result, chosen, c.fieldsToFix));
    else handleFailure(result);
  }

  if (returnable.length === 0) return <p>{t.returnNothing}</p>;
  return (
    <form ref={form} onSubmit={submit} noValidate aria-labelledby="return-form-heading">
      <h3 id="return-form-heading" className="subheading">
        {t.returnTitle}
      </h3>
      <p className="muted">{t.returnIntro}</p>
      <Alert>{errors.message ?? (failure ? describeFailure(failure, c) : null)}</Alert>
      {returnable.map((line) => (
        <TextField
          key={line.id}
          name={lineField(line.id)}
          type="number"
          inputMode="numeric"
          min={0}
          max={line.returnableQuantity}
          step={1}
          defaultValue="0"
          className="field--quantity"
          label={t.returnQuantity(line.name, line.returnableQuantity)}
          error={errors.fields[lineField(line.id)]}
        />
      ))}
      <SelectField
        name="reason"
        label={t.reason}
        defaultValue=""
        options={[{ value: '', label: t.chooseReason }, ...RETURN_REASONS.map((reason) => ({ value: reason, label: o.returnReasons[reason] }))]}
        error={errors.fields.reason}
      />
      <TextField name="comment" label={t.comment} hint={t.commentHint} maxLength={1000} error={errors.fields.comment} />
      <div className="actions">
        <Button type="submit" busy={busy}>
          {t.submitReturn}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          {t.cancel}
        </Button>
      </div>
    </form>
  );
}

/** The return just requested, with its lines and a way to follow it. */
export function CreatedReturn({ created }: { created: ReturnRequest }) {
  const t = useMessages(orderDetailMessages);
  const o = useMessages(ordersMessages);
  return (
    <div className="alert alert--success">
      <p>{t.returnCreated(o.returnStatuses[created.status])}</p>
      <ul className="plain-list">
        {created.lines.map((line) => (
          <li key={line.lineId}>{t.returnLine(line.quantity, line.name)}</li>
        ))}
      </ul>
      <p>
        <Link to="/returns">{t.allReturns}</Link>
      </p>
    </div>
  );
}
