import { useId, useState, type FormEvent } from 'react';
import { Alert } from '../../../../ui/alert';
import { describeFailure, type Failure } from '../../../../ui/form-outcome';
import { Button, TextField } from '../../../../ui/forms';
import { useMessages } from '../../../../ui/i18n';
import { deleteMarketImage, uploadMarketImage, type MarketBranding, type MarketImageKind } from '../../api/branding';
import { common } from '../../common.messages';
import { useSessionFailure } from '../../staff-session';
import type { BrandingMessages } from './market-branding.messages';

const ACCEPTED: Record<MarketImageKind, string[]> = {
  logo: ['image/png', 'image/jpeg', 'image/webp'],
  favicon: ['image/png', 'image/jpeg', 'image/webp', 'image/x-icon', 'image/vnd.microsoft.icon'],
};
const ACCEPTED_NAMES: Record<MarketImageKind, string> = { logo: 'PNG, JPEG, WebP', favicon: 'PNG, JPEG, WebP, ICO' };

/**
 * The image's path on this host: the view's URLs are on the market's own address, which the
 * back office's page policy (and a market not yet in DNS) may not let it load.
 */
const samePath = (url: string) => {
  const parsed = new URL(url, window.location.origin);
  return `${parsed.pathname}${parsed.search}`;
};

/** The server's 413, 415 and 422 in words, with what to do. */
function refusal(failure: Failure, kind: MarketImageKind, t: BrandingMessages, c: Parameters<typeof describeFailure>[1]): string {
  const words = t.images.refusals;
  switch (failure.problem.code) {
    case 'unsupported_media_type':
      return words.unsupported_media_type(ACCEPTED_NAMES[kind]);
    case 'payload_too_large':
      return words.payload_too_large;
    case 'image_type_mismatch':
      return words.image_type_mismatch;
    case 'image_unreadable':
      return words.image_unreadable;
    case 'image_too_many_pixels':
      return words.image_too_many_pixels(/(\d+×\d+)/.exec(failure.problem.detail ?? '')?.[1] ?? null);
    default:
      return describeFailure(failure, c);
  }
}

function MarketImage({ kind, branding, manage, t, onChanged }: { kind: MarketImageKind; branding: MarketBranding; manage: boolean; t: BrandingMessages; onChanged: (view: MarketBranding, notice: string) => void }) {
  const c = useMessages(common);
  const id = useId();
  const onSessionFailure = useSessionFailure();
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const asset = branding.assets.find((item) => item.kind === kind);
  const label = t.images[kind];

  async function upload(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const form = event.currentTarget;
    const file = new FormData(form).get('file');
    if (!(file instanceof File) || file.size === 0) {
      setError(t.images.chooseFirst);
      form.querySelector<HTMLInputElement>('input[type="file"]')?.focus();
      return;
    }
    setBusy(true);
    setError(undefined);
    const result = await uploadMarketImage(branding.marketId, kind, file);
    setBusy(false);
    if (result.ok) {
      form.reset();
      onChanged(result.data, t.images.uploaded(label));
    } else if (!onSessionFailure(result)) {
      setError(refusal(result, kind, t, c));
      form.querySelector<HTMLInputElement>('input[type="file"]')?.focus();
    }
  }

  async function remove() {
    if (busy) return;
    setBusy(true);
    setError(undefined);
    const result = await deleteMarketImage(branding.marketId, kind);
    setBusy(false);
    if (result.ok) onChanged(result.data, t.images.removed(label));
    else if (!onSessionFailure(result)) setError(describeFailure(result, c));
  }

  return (
    <div className="market-image" role="group" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{label}</h3>
      <p className="field-hint">{kind === 'logo' ? t.images.logoHint : t.images.faviconHint}</p>
      {asset ? (
        <img className="market-image__preview" src={samePath(asset.url)} alt={t.images.current(label)} />
      ) : (
        <p className="muted">{t.images.none}</p>
      )}
      {manage ? (
        <form noValidate onSubmit={upload} className="market-image__form">
          <TextField label={t.images.file(label)} name="file" type="file" accept={ACCEPTED[kind].join(',')} error={error} />
          <div className="actions">
            <Button type="submit" busy={busy}>
              {t.images.upload}
            </Button>
            {asset ? (
              <Button variant="secondary" busy={busy} onClick={remove}>
                {t.images.remove(label)}
              </Button>
            ) : null}
          </div>
        </form>
      ) : null}
    </div>
  );
}

/** The logo and the favicon: each uploaded as its raw bytes, shown, and removed on its own. */
export function MarketImagesSection({ branding, manage, t, onChanged }: { branding: MarketBranding; manage: boolean; t: BrandingMessages; onChanged: (view: MarketBranding) => void }) {
  const id = useId();
  const [notice, setNotice] = useState<string | null>(null);
  const changed = (view: MarketBranding, text: string) => {
    onChanged(view);
    setNotice(text);
  };
  return (
    <section className="card" aria-labelledby={`${id}-images`}>
      <h2 id={`${id}-images`}>{t.sections.images}</h2>
      <Alert tone="success">{notice}</Alert>
      <div className="field-row">
        {(['logo', 'favicon'] as const).map((kind) => (
          <MarketImage key={kind} kind={kind} branding={branding} manage={manage} t={t} onChanged={changed} />
        ))}
      </div>
    </section>
  );
}
