import { useState } from 'react';
import type { FormErrors } from '../../../ui/form-errors';
import { formText } from '../../../ui/form-outcome';
import { CheckboxField, RadioGroup, SelectField, TextField } from '../../../ui/forms';
import type { Registry, RegistryBody, RegistryKind, RegistryVisibility } from '../registries-api';
import type { RegistryMessages } from './registries.messages';

export const REGISTRY_FIELDS = ['kind', 'title', 'ownerNames', 'eventDate', 'message', 'visibility', 'accessCode', 'fundEnabled'] as const;

/** The fields of a registry, for creating one or changing its settings. */
export function RegistryFields({ t, errors, registry }: { t: RegistryMessages; errors: FormErrors; registry?: Registry }) {
  const [visibility, setVisibility] = useState<RegistryVisibility>(registry?.visibility ?? 'link');
  const kinds = (Object.keys(t.kinds) as RegistryKind[]).map((kind) => ({ value: kind, label: t.kinds[kind] }));
  const visibilities = (Object.keys(t.visibilities) as RegistryVisibility[]).map((value) => ({ value, label: t.visibilities[value] }));
  return (
    <>
      <SelectField label={t.kindLabel} name="kind" options={kinds} defaultValue={registry?.kind ?? 'birth'} error={errors.fields.kind} />
      <TextField label={t.titleLabel} name="title" defaultValue={registry?.title ?? ''} maxLength={150} required error={errors.fields.title} />
      <TextField label={t.ownerNamesLabel} name="ownerNames" hint={t.ownerNamesHint} defaultValue={registry?.ownerNames ?? ''} maxLength={150} required error={errors.fields.ownerNames} />
      <TextField label={t.eventDateLabel} name="eventDate" type="date" defaultValue={registry?.eventDate ?? ''} error={errors.fields.eventDate} />
      <TextField label={t.messageLabel} name="message" defaultValue={registry?.message ?? ''} maxLength={2000} error={errors.fields.message} />
      <div onChange={(event) => setVisibility(((event.target as HTMLInputElement).value as RegistryVisibility) ?? visibility)}>
        <RadioGroup legend={t.visibilityLabel} name="visibility" options={visibilities} defaultValue={visibility} error={errors.fields.visibility} />
      </div>
      {visibility === 'code' ? (
        <TextField label={t.accessCodeLabel} name="accessCode" hint={t.accessCodeHint} maxLength={32} autoComplete="off" error={errors.fields.accessCode} />
      ) : null}
      <CheckboxField label={t.fundLabel} name="fundEnabled" defaultChecked={registry?.fundEnabled ?? false} error={errors.fields.fundEnabled} />
    </>
  );
}

/** The body a filled form sends; the browser's own checks stay light, the server lists what is wrong. */
export function registryBodyOf(form: FormData): RegistryBody {
  const accessCode = formText(form, 'accessCode');
  const visibility = (formText(form, 'visibility') || 'link') as RegistryVisibility;
  return {
    kind: formText(form, 'kind') as RegistryKind,
    title: formText(form, 'title'),
    ownerNames: formText(form, 'ownerNames'),
    eventDate: formText(form, 'eventDate') || null,
    message: formText(form, 'message') || null,
    visibility,
    ...(visibility === 'code' && accessCode ? { accessCode } : {}),
    fundEnabled: form.get('fundEnabled') === 'on',
  };
}
