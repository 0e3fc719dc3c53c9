import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import type { FieldIssue } from '../../../../ui/api';
import { Alert } from '../../../../ui/alert';
import { describeFailure, formText, type Failure } from '../../../../ui/form-outcome';
import { NO_ERRORS, useFocusFirstInvalid, type FormErrors } from '../../../../ui/form-errors';
import { Button, SelectField, TextField } from '../../../../ui/forms';
import { useMessages } from '../../../../ui/i18n';
import { PageHeading } from '../../../../ui/layout';
import {
  BRAND_FONTS,
  getMarketBranding,
  LEGAL_FIELDS,
  LINK_FIELDS,
  saveMarketBranding,
  type BrandFont,
  type BrandingInput,
  type MarketBranding,
} from '../../api/branding';
import { listMarkets, type Market } from '../../api/markets';
import { common } from '../../common.messages';
import { can, useSessionFailure, useStaffSession } from '../../staff-session';
import { ColourField } from './colour.field';
import { brandingMessages, type BrandingMessages } from './market-branding.messages';
import { MarketImagesSection } from './market-images.section';

const TEXT_FIELDS = ['shopName', 'senderName', 'replyTo'] as const;
const FIELD_NAMES = [
  ...TEXT_FIELDS,
  'primaryColor',
  'accentColor',
  'font',
  ...LEGAL_FIELDS.map((field) => `legal.${field}`),
  ...LINK_FIELDS.map((field) => `links.${field}`),
];

/** The document to PUT: an empty field is left out, so that it follows the environment. */
function bodyOf(form: FormData, colours: { primary: string; accent: string }): BrandingInput {
  const body: BrandingInput = {};
  for (const field of TEXT_FIELDS) {
    const value = formText(form, field);
    if (value) body[field] = value;
  }
  if (colours.primary.trim()) body.primaryColor = colours.primary.trim();
  if (colours.accent.trim()) body.accentColor = colours.accent.trim();
  const font = formText(form, 'font');
  if (font) body.font = font as BrandFont;
  const legal = Object.fromEntries(LEGAL_FIELDS.map((field) => [field, formText(form, `legal.${field}`)]).filter(([, value]) => value));
  if (Object.keys(legal).length > 0) body.legal = legal;
  const links = Object.fromEntries(LINK_FIELDS.map((field) => [field, formText(form, `links.${field}`)]).filter(([, value]) => value));
  if (Object.keys(links).length > 0) body.links = links;
  return body;
}

/** The server's words for a bad field, in the page's language (its own English otherwise). */
function issueMessage(issue: FieldIssue, t: BrandingMessages): string {
  const i = t.issues;
  const ratio = /(\d+\.\d+):1/.exec(issue.message)?.[1];
  if (issue.code === 'low_contrast' && ratio) return issue.path === 'accentColor' ? i.lowContrastAccent(`${ratio}:1`) : i.lowContrastPrimary(`${ratio}:1`);
  if (issue.code === 'control_characters') return i.oneLine;
  if (issue.code === 'too_small') return i.required;
  const max = /(\d+)/.exec(issue.message)?.[1];
  if (issue.code === 'too_big' && max) return i.tooLong(max);
  if (issue.code === 'rcs_siren_mismatch') return i.rcsMismatch;
  const byField: Record<string, string> = {
    primaryColor: i.colour,
    accentColor: i.colour,
    font: i.font,
    replyTo: i.email,
    'legal.siren': i.siren,
    'legal.rcs': i.rcs,
    'legal.vatNumber': i.vat,
    'links.termsUrl': i.url,
    'links.privacyUrl': i.url,
    'links.storeUrl': i.url,
  };
  return byField[issue.path] ?? issue.message;
}

function toFormErrors(failure: Failure, t: BrandingMessages, c: Parameters<typeof describeFailure>[1]): FormErrors {
  const fields: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const issue of failure.problem.errors ?? []) {
    if (FIELD_NAMES.includes(issue.path)) fields[issue.path] ??= issueMessage(issue, t);
    else unplaced.push(issue.message);
  }
  return { fields, message: [describeFailure(failure, c), ...unplaced].join(' ') };
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

function BrandingForm({ branding, manage, t, onSaved }: { branding: MarketBranding; manage: boolean; t: BrandingMessages; onSaved: (view: MarketBranding) => void }) {
  const c = useMessages(common);
  const onSessionFailure = useSessionFailure();
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [primary, setPrimary] = useState(branding.stored.primaryColor ?? '');
  const [accent, setAccent] = useState(branding.stored.accentColor ?? '');
  useFocusFirstInvalid(formRef, errors);
  const { stored, effective } = branding;
  const e = errors.fields;
  const disabled = !manage;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy || !manage) return;
    setBusy(true);
    setErrors(NO_ERRORS);
    setNotice(null);
    const result = await saveMarketBranding(branding.marketId, bodyOf(new FormData(event.currentTarget), { primary, accent }));
    setBusy(false);
    if (result.ok) {
      onSaved(result.data);
      setNotice(t.saved);
    } else if (!onSessionFailure(result)) setErrors(toFormErrors(result, t, c));
  }

  const text = (name: string, label: string, value: string | undefined, hint?: string, type = 'text') => (
    <TextField label={label} hint={hint} name={name} type={type} autoComplete="off" defaultValue={value ?? ''} error={e[name]} disabled={disabled} />
  );
  // The primary colour the accent falls back to is the one being typed, as the server would resolve it.
  const primaryNow = /^#[0-9a-f]{6}$/i.test(primary.trim()) ? primary.trim() : effective.primaryColor;
  return (
    <form ref={formRef} noValidate onSubmit={submit} className="branding-form">
      <Alert>{errors.message}</Alert>
      <Alert tone="success">{notice}</Alert>
      <Section title={t.sections.identity}>
        {text('shopName', t.fields.shopName, stored.shopName, stored.shopName ? t.followsServer : t.currently(effective.shopName))}
        <div className="field-row">
          <ColourField
            kind="primary"
            label={t.fields.primaryColor}
            hint={t.fields.primaryColorHint}
            name="primaryColor"
            value={primary}
            fallback={effective.primaryColor}
            onChange={setPrimary}
            error={e.primaryColor}
            disabled={disabled}
            t={t}
          />
          <ColourField
            kind="accent"
            label={t.fields.accentColor}
            hint={t.fields.accentColorHint}
            name="accentColor"
            value={accent}
            fallback={primaryNow}
            onChange={setAccent}
            error={e.accentColor}
            disabled={disabled}
            t={t}
          />
        </div>
        <SelectField
          label={t.fields.font}
          name="font"
          defaultValue={stored.font ?? ''}
          disabled={disabled}
          error={e.font}
          options={[{ value: '', label: t.currently(t.fonts.system) }, ...BRAND_FONTS.map((font) => ({ value: font, label: t.fonts[font] }))]}
        />
        <p className="field-hint">{t.fields.fontHint}</p>
      </Section>
      <Section title={t.sections.sender}>
        <div className="field-row">
          {text('senderName', t.fields.senderName, stored.senderName, t.fields.senderNameHint(effective.senderFrom))}
          {text('replyTo', t.fields.replyTo, stored.replyTo, t.fields.replyToHint, 'email')}
        </div>
      </Section>
      <Section title={t.sections.legal}>
        <div className="field-row">
          {LEGAL_FIELDS.map((field) => (
            <div key={field}>{text(`legal.${field}`, t.legal[field], stored.legal?.[field], (t.legalHints as Partial<Record<string, string>>)[field])}</div>
          ))}
        </div>
        {effective.legalLines.length > 0 ? (
          <div className="branding-form__legal">
            <p className="muted">{t.legalPreview}</p>
            {effective.legalLines.map((line) => (
              <p key={line}>{line}</p>
            ))}
          </div>
        ) : null}
      </Section>
      <Section title={t.sections.links}>
        <p className="field-hint">{t.linksHint}</p>
        {LINK_FIELDS.map((field) => (
          <div key={field}>{text(`links.${field}`, t.links[field], stored.links?.[field], undefined, 'url')}</div>
        ))}
      </Section>
      {manage ? (
        <div className="actions">
          <Button type="submit" busy={busy}>
            {t.save}
          </Button>
        </div>
      ) : null}
    </form>
  );
}

/** /markets/:marketId/branding (F7.5): what a market's customers see of the shop, and its images. */
export function MarketBrandingPage() {
  const t = useMessages(brandingMessages);
  const c = useMessages(common);
  const { marketId = '' } = useParams();
  const { me } = useStaffSession();
  const onSessionFailure = useSessionFailure();
  const manage = can(me, 'markets.manage');
  const [market, setMarket] = useState<Market | null>(null);
  const [branding, setBranding] = useState<MarketBranding | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);

  useEffect(() => {
    let current = true;
    void Promise.all([listMarkets(), getMarketBranding(marketId)]).then(([markets, view]) => {
      if (!current) return;
      if (!view.ok) {
        if (!onSessionFailure(view)) setFailure(view);
        return;
      }
      if (markets.ok) setMarket(markets.data.items.find((item) => item.id === marketId) ?? null);
      setBranding(view.data);
    });
    return () => {
      current = false;
    };
  }, [marketId, onSessionFailure]);

  if (failure) {
    return (
      <>
        <PageHeading>{t.title('—')}</PageHeading>
        <Alert>{failure.status === 404 ? t.notFound : describeFailure(failure, c)}</Alert>
        <p>
          <Link to="/markets">{t.back}</Link>
        </p>
      </>
    );
  }
  if (!branding) return <p role="status">{c.loading}</p>;
  return (
    <>
      <PageHeading>{t.title(market?.name ?? branding.effective.shopName)}</PageHeading>
      <p>{t.intro}</p>
      <ul className="links branding-links">
        <li>
          <Link to="/markets">{t.back}</Link>
        </li>
        <li>
          <Link to={`/markets/email-previews?market=${encodeURIComponent(branding.marketId)}`}>{t.previews}</Link>
        </li>
      </ul>
      {manage ? null : <p className="muted">{t.readOnly}</p>}
      <BrandingForm branding={branding} manage={manage} t={t} onSaved={setBranding} />
      <MarketImagesSection branding={branding} manage={manage} t={t} onChanged={setBranding} />
    </>
  );
}
