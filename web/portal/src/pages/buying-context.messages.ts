import type { Locale } from '../../../ui/i18n';
import type { PaymentTerms } from '../portal-api';

// Shared by the location picker (/context) and the location page: how terms read.

const fr = {
  pickerTitle: 'Je commande pour…',
  pickerIntro: 'Choisissez l’entreprise et le site pour lesquels vous commandez : les prix, les conditions de paiement et l’approbation des commandes en dépendent. Ce choix vaut pour cet appareil.',
  consumerNow: 'Vous commandez en tant que particulier.',
  businessNow: (company: string, location: string | null) => (location ? `Vous commandez pour ${company} — ${location}.` : `Vous commandez pour ${company}.`),
  choiceRequired: 'Choisissez le site pour lequel vous commandez.',
  noCompany: 'Votre compte n’appartient à aucune entreprise : vous commandez en tant que particulier.',
  asConsumer: 'Pour moi, en tant que particulier',
  locationsOf: (company: string) => `Sites de ${company}`,
  noLocation: 'Aucun site pour lequel vous pouvez commander.',
  save: 'Enregistrer mon choix',
  saved: (what: string) => `C’est noté : vous commandez ${what}.`,
  savedConsumer: 'en tant que particulier',
  savedFor: (company: string, location: string) => `pour ${company} — ${location}`,
  pickOne: 'Choisissez une option.',
  seeLocation: (location: string) => `Voir le site ${location}`,
  termsTitle: 'Conditions de ce site',
  catalog: 'Catalogue',
  noCatalog: 'Catalogue général',
  paymentTerms: 'Paiement',
  approval: 'Approbation des commandes',
  approvalNeeded: 'Les commandes attendent l’approbation d’un administrateur du site.',
  approvalNone: 'Les commandes sont passées directement.',
  termsSetByShop: 'Ces conditions sont fixées par la boutique.',
  terms: (terms: PaymentTerms) =>
    terms.kind === 'net'
      ? `À ${terms.netDays} jours, sur facture`
      : terms.kind === 'deposit'
        ? `Acompte de ${terms.depositPercent} % à la commande`
        : 'À la commande',
  backToAccount: 'Retour à mon compte',
};

export type BuyingContextMessages = typeof fr;

export const buyingContextMessages: Record<Locale, BuyingContextMessages> = {
  fr,
  en: {
    pickerTitle: 'I am buying for…',
    pickerIntro: 'Choose the company and the site you are buying for: prices, payment terms and order approval depend on it. This choice holds on this device.',
    consumerNow: 'You are buying as a private customer.',
    businessNow: (company, location) => (location ? `You are buying for ${company} — ${location}.` : `You are buying for ${company}.`),
    choiceRequired: 'Choose the site you are buying for.',
    noCompany: 'Your account belongs to no company: you buy as a private customer.',
    asConsumer: 'For myself, as a private customer',
    locationsOf: (company) => `Sites of ${company}`,
    noLocation: 'No site you can buy for.',
    save: 'Save my choice',
    saved: (what) => `Done: you are buying ${what}.`,
    savedConsumer: 'as a private customer',
    savedFor: (company, location) => `for ${company} — ${location}`,
    pickOne: 'Choose an option.',
    seeLocation: (location) => `See the site ${location}`,
    termsTitle: 'Terms of this site',
    catalog: 'Catalog',
    noCatalog: 'General catalog',
    paymentTerms: 'Payment',
    approval: 'Order approval',
    approvalNeeded: 'Orders wait for the approval of a site administrator.',
    approvalNone: 'Orders go through directly.',
    termsSetByShop: 'These terms are set by the shop.',
    terms: (terms) =>
      terms.kind === 'net'
        ? `Net ${terms.netDays} days, on invoice`
        : terms.kind === 'deposit'
          ? `${terms.depositPercent} % deposit when ordering`
          : 'When ordering',
    backToAccount: 'Back to my account',
  },
};
