import { useEffect, useId, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert } from '../../../../ui/alert';
import { describeFailure, type Failure } from '../../../../ui/form-outcome';
import { LOCALE_NAMES, LOCALES, useLocale, useMessages, type Locale } from '../../../../ui/i18n';
import { PageHeading } from '../../../../ui/layout';
import { api } from '../../backoffice-api';
import { common } from '../../common.messages';
import { useSessionFailure } from '../../staff-session';

// Email previews (F7.5): src/modules/markets/branding.routes.ts.

type MarketItem = { id: string; code: string; name: string };
type PreviewItem = { template: string; description: { fr: string; en: string } };
type Preview = { subject: string; html: string; text: string; from: string; replyTo: string | null };

const fr = {
  title: 'Aperçu des e-mails',
  intro: 'Chaque e-mail que Comptoir envoie, avec des données d’exemple et l’image de marque du marché choisi.',
  market: 'Marché',
  template: 'E-mail',
  language: 'Langue',
  subject: 'Objet',
  from: 'Expéditeur',
  replyTo: 'Réponses à',
  none: 'aucune adresse (les réponses vont à l’expéditeur)',
  frame: (name: string) => `Aperçu de l’e-mail « ${name} »`,
  text: 'Version texte',
  loading: 'Chargement…',
};
const messages: Record<Locale, typeof fr> = {
  fr,
  en: {
    title: 'Email previews',
    intro: 'Every email Comptoir sends, with sample data and the chosen market’s branding.',
    market: 'Market',
    template: 'Email',
    language: 'Language',
    subject: 'Subject',
    from: 'From',
    replyTo: 'Replies to',
    none: 'no address (replies go to the sender)',
    frame: (name) => `Preview of the email “${name}”`,
    text: 'Text version',
    loading: 'Loading…',
  },
};

/** /markets/email-previews?market=…&template=…&lang=…: the choice lives in the URL, so a preview can be shared. */
export function EmailPreviewsPage() {
  const t = useMessages(messages);
  const c = useMessages(common);
  const { locale } = useLocale();
  const id = useId();
  const onSessionFailure = useSessionFailure();
  const [params, setParams] = useSearchParams();
  const [marketList, setMarketList] = useState<MarketItem[] | null>(null);
  const [templates, setTemplates] = useState<PreviewItem[]>([]);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);

  const marketId = params.get('market') ?? marketList?.[0]?.id ?? '';
  const template = params.get('template') ?? templates[0]?.template ?? '';
  const language = (params.get('lang') as Locale | null) ?? locale;
  const choose = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next, { replace: true });
  };

  useEffect(() => {
    void api.get<{ items: MarketItem[] }>('/api/staff/markets').then((result) => {
      if (result.ok) setMarketList(result.data.items);
      else if (!onSessionFailure(result)) setFailure(result);
    });
  }, [onSessionFailure]);

  useEffect(() => {
    if (!marketId) return;
    void api.get<{ items: PreviewItem[] }>(`/api/staff/markets/${encodeURIComponent(marketId)}/email-previews`).then((result) => {
      if (result.ok) setTemplates(result.data.items);
      else if (!onSessionFailure(result)) setFailure(result);
    });
  }, [marketId, onSessionFailure]);

  useEffect(() => {
    if (!marketId || !template) return;
    setPreview(null);
    const path = `/api/staff/markets/${encodeURIComponent(marketId)}/email-previews/${encodeURIComponent(template)}?locale=${language}`;
    void api.get<Preview>(path).then((result) => {
      if (result.ok) {
        setPreview(result.data);
        setFailure(null);
      } else if (!onSessionFailure(result)) setFailure(result);
    });
  }, [marketId, template, language, onSessionFailure]);

  const described = templates.find((item) => item.template === template)?.description[locale] ?? template;
  return (
    <>
      <PageHeading>{t.title}</PageHeading>
      <p>{t.intro}</p>
      {failure ? <Alert tone="error">{describeFailure(failure, c)}</Alert> : null}
      <div className="card">
        <div className="field">
          <label htmlFor={`${id}-market`}>{t.market}</label>
          <select id={`${id}-market`} value={marketId} onChange={(event) => choose('market', event.target.value)}>
            {(marketList ?? []).map((market) => (
              <option key={market.id} value={market.id}>
                {market.name} ({market.code})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-template`}>{t.template}</label>
          <select id={`${id}-template`} value={template} onChange={(event) => choose('template', event.target.value)}>
            {templates.map((item) => (
              <option key={item.template} value={item.template}>
                {item.description[locale]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-language`}>{t.language}</label>
          <select id={`${id}-language`} value={language} onChange={(event) => choose('lang', event.target.value)}>
            {LOCALES.map((option) => (
              <option key={option} value={option} lang={option}>
                {LOCALE_NAMES[option]}
              </option>
            ))}
          </select>
        </div>
      </div>
      {preview ? (
        <section className="card" aria-live="polite">
          <dl>
            <dt>{t.subject}</dt>
            <dd>{preview.subject}</dd>
            <dt>{t.from}</dt>
            <dd>{preview.from}</dd>
            <dt>{t.replyTo}</dt>
            <dd>{preview.replyTo ?? t.none}</dd>
          </dl>
          {/* An email is not a page of the back office: nothing in it may run, submit or navigate. */}
          <iframe title={t.frame(described)} sandbox="" srcDoc={preview.html} style={{ width: '100%', height: '70vh', border: '1px solid var(--border)' }} />
          <details>
            <summary>{t.text}</summary>
            <pre style={{ whiteSpace: 'pre-wrap' }}>{preview.text}</pre>
          </details>
        </section>
      ) : (
        <p role="status">{t.loading}</p>
      )}
    </>
  );
}
