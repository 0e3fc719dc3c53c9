import { useCallback, useEffect, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { Alert } from '../../../ui/alert';
import type { ApiResult } from '../../../ui/api';
import { Button } from '../../../ui/forms';
import { useMessages, type Locale } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { common } from '../common.messages';
import { describeFailure } from '../../../ui/form-outcome';
import { getMe, signOut, type AccountType, type Customer } from '../portal-api';
import { CompanyListSection } from './company-list.section';
import { EmailsSection } from './emails.section';
import { PasskeysLinkSection } from './passkeys.page';
import { SessionsSection } from './sessions.section';

const fr = {
  title: 'Mon compte',
  greeting: (firstName: string) => `Bonjour ${firstName}`,
  email: 'Adresse e-mail',
  verified: 'Adresse confirmée',
  unverified: 'Adresse non confirmée',
  accountType: 'Type de compte',
  accountTypes: {
    individual: 'Particulier',
    professional: 'Professionnel',
    company: 'Entreprise',
    public_body: 'Organisme public',
    association: 'Association',
  } satisfies Record<AccountType, string>,
  emailVerified: 'Merci, votre adresse e-mail est confirmée.',
  approvalPending: 'Votre compte est en attente de validation par la boutique. Vous recevrez un e-mail dès qu’il sera validé.',
  approvalRefused:
    'La boutique n’a pas pu valider votre compte. Vous pouvez toujours consulter et gérer vos informations ici ; pour toute question, contactez la boutique.',
  signOut: 'Se déconnecter',
  addresses: 'Mes adresses',
  addressesIntro: 'Votre adresse de facturation et vos adresses de livraison.',
  profile: 'Mon profil',
  profileIntro: 'Nom, téléphone, langue, date de naissance et adresse e-mail de connexion.',
  preferences: 'Mes préférences de communication',
  preferencesIntro: 'Newsletter, offres par e-mail et par SMS.',
  privacy: 'Mes données personnelles',
  privacyIntro: 'Télécharger toutes vos données ou supprimer votre compte.',
  buyingFor: 'Je commande pour…',
  buyingForIntro: 'En tant que particulier, ou pour l’un des sites de votre entreprise.',
  orders: 'Mes commandes',
  ordersIntro: 'Vos commandes en ligne et vos tickets de caisse, le suivi, les retours et « Commander à nouveau ».',
  documents: 'Documents',
  documentsIntro: 'Factures, devis, bons de commande et avoirs, à imprimer ou télécharger en PDF.',
  invoices: 'Factures à régler',
  invoicesIntro: 'Les factures en attente de paiement et leur date d’échéance.',
  paymentMethods: 'Moyens de paiement',
  paymentMethodsIntro: 'Les cartes et mandats enregistrés lors de vos achats.',
  card: 'Ma carte',
  cardIntro: 'Votre carte de fidélité à présenter en caisse, avec son code-barres.',
  wishlists: 'Mes listes d’envies',
  wishlistsIntro: 'Les produits mis de côté sur le site, à partager ou à commander pour votre entreprise.',
  registries: 'Mes listes de cadeaux',
  registriesIntro: 'Liste de naissance, de mariage ou d’anniversaire, et les cadeaux reçus.',
};

const messages: Record<Locale, typeof fr> = {
  fr,
  en: {
    title: 'My account',
    greeting: (firstName) => `Hello ${firstName}`,
    email: 'Email address',
    verified: 'Confirmed address',
    unverified: 'Address not confirmed',
    accountType: 'Account type',
    accountTypes: { individual: 'Individual', professional: 'Professional', company: 'Company', public_body: 'Public body', association: 'Association' },
    emailVerified: 'Thank you, your email address is confirmed.',
    approvalPending: 'Your account is waiting for approval by the shop. You will receive an email as soon as it is approved.',
    approvalRefused: 'The shop could not approve your account. You can still view and manage your details here; for any question, please contact the shop.',
    signOut: 'Sign out',
    addresses: 'My addresses',
    addressesIntro: 'Your billing address and delivery addresses.',
    profile: 'My profile',
    profileIntro: 'Name, phone, language, birth date and sign-in email address.',
    preferences: 'My communication preferences',
    preferencesIntro: 'Newsletter, offers by email and by text message.',
    privacy: 'My personal data',
    privacyIntro: 'Download all your data or delete your account.',
    buyingFor: 'I am buying for…',
    buyingForIntro: 'As a private customer, or for one of your company’s sites.',
    orders: 'My orders',
    ordersIntro: 'Your online orders and in-store receipts, tracking, returns and “Order again”.',
    documents: 'Documents',
    documentsIntro: 'Invoices, quotes, purchase orders and credit notes, to print or download as PDF.',
    invoices: 'Invoices to pay',
    invoicesIntro: 'Invoices waiting for payment and their due dates.',
    paymentMethods: 'Payment methods',
    paymentMethodsIntro: 'The cards and mandates saved when you bought from us.',
    card: 'My card',
    cardIntro: 'Your member card to show at the till, with its barcode.',
    wishlists: 'My wishlists',
    wishlistsIntro: 'Products set aside on the site, to share or to order for your company.',
    registries: 'My gift registries',
    registriesIntro: 'Birth, wedding or birthday registries, and the gifts received.',
  },
};

type Failure = Extract<ApiResult<unknown>, { ok: false }>;

export function AccountPage() {
  const t = useMessages(messages);
  const c = useMessages(common);
  const navigate = useNavigate();
  const location = useLocation();
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [signingOut, setSigningOut] = useState(false);
  const justVerified = (location.state as { notice?: string } | null)?.notice === 'emailVerified';

  const toSignIn = useCallback(() => navigate('/sign-in', { replace: true }), [navigate]);

  useEffect(() => {
    let current = true;
    void getMe().then((result) => {
      if (!current) return;
      if (result.ok) setCustomer(result.data);
      else if (result.status === 401) toSignIn();
      else setFailure(result);
    });
    return () => {
      current = false;
    };
  }, [toSignIn]);

  async function leave() {
    setSigningOut(true);
    setFailure(null);
    const result = await signOut();
    setSigningOut(false);
    // A 401 means the session had already ended: the visitor is signed out either way.
    if (result.ok || result.status === 401) toSignIn();
    else setFailure(result);
  }

  return (
    <>
      <PageHeading>{t.title}</PageHeading>
      <Alert tone="success">{justVerified ? t.emailVerified : null}</Alert>
      {customer && customer.approvalStatus !== 'approved' ? (
        <p className="alert alert--info" id="approval-status">
          {customer.approvalStatus === 'pending' ? t.approvalPending : t.approvalRefused}
        </p>
      ) : null}
      <Alert>{failure ? describeFailure(failure, c) : null}</Alert>
      {customer ? (
        <>
          <section className="card" aria-labelledby="profile-heading">
            <h2 id="profile-heading">{t.greeting(customer.firstName)}</h2>
            <dl className="details">
              <dt>{t.email}</dt>
              <dd>
                {customer.email}
                <span className={customer.emailVerified ? 'badge' : 'badge badge--warning'}>
                  {customer.emailVerified ? t.verified : t.unverified}
                </span>
              </dd>
              <dt>{t.accountType}</dt>
              <dd>{t.accountTypes[customer.accountType] ?? customer.accountType}</dd>
            </dl>
            <div className="actions">
              <Button variant="secondary" busy={signingOut} onClick={leave}>
                {t.signOut}
              </Button>
            </div>
          </section>
          <AccountLink id="orders" to="/orders" title={t.orders} intro={t.ordersIntro} />
          <AccountLink id="documents" to="/documents" title={t.documents} intro={t.documentsIntro} />
          <AccountLink id="invoices" to="/invoices" title={t.invoices} intro={t.invoicesIntro} />
          <AccountLink id="payment-methods" to="/payment-methods" title={t.paymentMethods} intro={t.paymentMethodsIntro} />
          <AccountLink id="card" to="/card" title={t.card} intro={t.cardIntro} />
          <AccountLink id="wishlists" to="/wishlists" title={t.wishlists} intro={t.wishlistsIntro} />
          <AccountLink id="registries" to="/my-registries" title={t.registries} intro={t.registriesIntro} />
          <AccountLink id="profile" to="/profile" title={t.profile} intro={t.profileIntro} />
          <AccountLink id="addresses" to="/addresses" title={t.addresses} intro={t.addressesIntro} />
          <AccountLink id="preferences" to="/preferences" title={t.preferences} intro={t.preferencesIntro} />
          <AccountLink id="privacy" to="/privacy" title={t.privacy} intro={t.privacyIntro} />
          <AccountLink id="buying-for" to="/context" title={t.buyingFor} intro={t.buyingForIntro} />
          <CompanyListSection onUnauthenticated={toSignIn} />
          <PasskeysLinkSection />
          <SessionsSection onUnauthenticated={toSignIn} />
          <EmailsSection onUnauthenticated={toSignIn} />
        </>
      ) : failure ? null : (
        <p role="status">{c.loading}</p>
      )}
    </>
  );
}

/** A card leading to one part of the account, its whole heading the link. */
function AccountLink(props: { id: string; to: string; title: string; intro: string }) {
  return (
    <section className="card" aria-labelledby={`${props.id}-heading`}>
      <h2 id={`${props.id}-heading`}>
        <Link to={props.to}>{props.title}</Link>
      </h2>
      <p className="muted">{props.intro}</p>
    </section>
  );
}
