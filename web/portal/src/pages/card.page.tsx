import { useState } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../../ui/alert';
import { Button } from '../../../ui/forms';
import { useLocale, useMessages, type Locale } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { common } from '../common.messages';
import { describeFailure } from '../../../ui/form-outcome';
import { APPLE_PASS_URL, getGoogleWalletLink, getMemberCard, type MemberCard } from '../portal-api';
import { formatDay } from './orders.format';
import { useFailureHandler, useLoad, type Failure } from './use-load';

const fr = {
  title: 'Ma carte de fidélité',
  intro: 'Présentez cette carte en caisse : vos achats en magasin rejoignent alors votre historique de commandes.',
  backToAccount: 'Retour à mon compte',
  number: 'Numéro de carte',
  holder: 'Titulaire',
  issuedOn: 'Délivrée le',
  barcodeAlt: (number: string) => `Code-barres de la carte n° ${number}`,
  qrAlt: (number: string) => `QR code de la carte n° ${number}`,
  scanHint: 'En magasin, montrez le code-barres ou le QR code à l’écran : la caisse le scanne. Montez la luminosité de votre téléphone si besoin.',
  download: 'Télécharger l’image',
  downloadHint: 'Une image de la carte (PNG) à garder dans les photos de votre téléphone ou à imprimer.',
  notVerified: 'Confirmez d’abord votre adresse e-mail : la carte est délivrée aux comptes confirmés.',
  points: 'Points',
  walletTitle: 'Dans votre téléphone',
  walletHint: 'La carte se met à jour toute seule quand votre nom ou vos points changent.',
  appleWallet: 'Ajouter à Apple Wallet',
  googleWallet: 'Enregistrer dans Google Wallet',
};

const messages: Record<Locale, typeof fr> = {
  fr,
  en: {
    title: 'My member card',
    intro: 'Show this card at the till: your in-store purchases then join your order history.',
    backToAccount: 'Back to my account',
    number: 'Card number',
    holder: 'Holder',
    issuedOn: 'Issued on',
    barcodeAlt: (number) => `Barcode of card ${number}`,
    qrAlt: (number) => `QR code of card ${number}`,
    scanHint: 'In store, show the barcode or the QR code on your screen: the till scans it. Turn up your phone’s brightness if needed.',
    download: 'Download the image',
    downloadHint: 'A picture of the card (PNG) to keep in your phone’s photos or to print.',
    notVerified: 'Confirm your email address first: the card is issued to confirmed accounts.',
    points: 'Points',
    walletTitle: 'On your phone',
    walletHint: 'The card updates by itself when your name or your points change.',
    appleWallet: 'Add to Apple Wallet',
    googleWallet: 'Save to Google Wallet',
  },
};

export function CardPage() {
  const t = useMessages(messages);
  const c = useMessages(common);
  const { locale } = useLocale();
  const { data: card, failure } = useLoad(getMemberCard, 'card');
  const failureText = failure ? (failure.status === 403 ? t.notVerified : describeFailure(failure, c)) : null;

  return (
    <>
      <PageHeading>{t.title}</PageHeading>
      <p className="no-print">
        <Link to="/">{t.backToAccount}</Link>
      </p>
      <p className="muted">{t.intro}</p>
      <Alert>{failureText}</Alert>
      {card ? (
        <section className="card member-card" aria-labelledby="member-card-number">
          <dl className="details">
            <dt>{t.holder}</dt>
            <dd>{card.holderName}</dd>
            <dt id="member-card-number">{t.number}</dt>
            <dd className="member-card__number">{card.formattedNumber}</dd>
            <dt>{t.points}</dt>
            <dd>{new Intl.NumberFormat(locale).format(card.points)}</dd>
            <dt>{t.issuedOn}</dt>
            <dd>{formatDay(locale, card.issuedAt)}</dd>
          </dl>
          <div className="member-card__codes">
            <img className="member-card__barcode" src={card.barcodeSvgUrl} alt={t.barcodeAlt(card.formattedNumber)} />
            <img className="member-card__qr" src={card.qrSvgUrl} alt={t.qrAlt(card.formattedNumber)} width={160} height={160} />
          </div>
          <p id="member-card-hint">{t.scanHint}</p>
          <div className="actions no-print">
            <a className="button button--secondary" href={card.imagePngUrl} download="card.png" aria-describedby="member-card-download-hint">
              {t.download}
            </a>
          </div>
          <p id="member-card-download-hint" className="field-hint">
            {t.downloadHint}
          </p>
          <WalletButtons wallet={card.wallet} t={t} />
        </section>
      ) : failure ? null : (
        <p role="status">{c.loading}</p>
      )}
    </>
  );
}

/**
 * The wallet buttons, each only when the shop configured that wallet (F5.1). Apple's pass is a
 * download; Google's link is signed on demand, then opened.
 */
function WalletButtons({ wallet, t }: { wallet: MemberCard['wallet']; t: typeof fr }) {
  const c = useMessages(common);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const onFailure = useFailureHandler(setFailure);
  if (!wallet.apple.available && !wallet.google.available) return null;

  const openGoogleWallet = async () => {
    setBusy(true);
    setFailure(null);
    const result = await getGoogleWalletLink();
    setBusy(false);
    if (result.ok) window.location.assign(result.data.url);
    else onFailure(result);
  };

  return (
    <section className="member-card__wallets no-print" aria-labelledby="member-card-wallets">
      <h2 id="member-card-wallets">{t.walletTitle}</h2>
      <p className="field-hint">{t.walletHint}</p>
      <Alert>{failure ? describeFailure(failure, c) : null}</Alert>
      <div className="actions">
        {wallet.apple.available ? (
          <a className="button button--primary" href={APPLE_PASS_URL}>
            {t.appleWallet}
          </a>
        ) : null}
        {wallet.google.available ? (
          <Button variant="secondary" busy={busy} onClick={() => void openGoogleWallet()}>
            {t.googleWallet}
          </Button>
        ) : null}
      </div>
    </section>
  );
}
