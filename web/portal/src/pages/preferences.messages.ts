import type { Locale } from '../../../ui/i18n';
import type { ConsentPurpose, ConsentSource } from '../portal-api';

const fr = {
  title: 'Mes préférences de communication',
  backToAccount: 'Retour à mon compte',
  intro: 'Choisissez ce que vous acceptez de recevoir. Vous pouvez changer d’avis à tout moment : chaque choix est daté et conservé dans l’historique ci-dessous.',
  formLegend: 'Ce que j’accepte de recevoir',
  purposes: {
    newsletter_email: 'Newsletter par e-mail',
    promotional_email: 'Offres et promotions par e-mail',
    sms: 'Offres par SMS',
  } satisfies Record<ConsentPurpose, string>,
  explanations: {
    newsletter_email: 'Nos nouveautés, nos conseils et les coulisses de la boutique.',
    promotional_email: 'Soldes, ventes privées et codes de réduction.',
    sms: 'Nos offres par SMS, sur le numéro de mobile de votre profil.',
  } satisfies Record<ConsentPurpose, string>,
  noMobile: 'Ajoutez un numéro de mobile à votre profil pour pouvoir recevoir des SMS.',
  profileLink: 'Ajouter un numéro de mobile',
  mobileRequired: 'Ajoutez d’abord un numéro de mobile à votre profil.',
  state: (granted: boolean, date: string, source: string) => `${granted ? 'Accepté' : 'Retiré'} le ${date}, ${source}.`,
  neverAsked: 'Jamais accepté.',
  sources: {
    sign_up: 'à l’inscription',
    account_page: 'depuis votre compte',
    unsubscribe_link: 'par le lien de désabonnement d’un e-mail',
    staff: 'par notre service client',
    import: 'lors d’un import de données',
  } satisfies Record<ConsentSource, string>,
  save: 'Enregistrer mes préférences',
  saved: 'Vos préférences ont été enregistrées.',
  unchanged: 'Rien n’a changé : vos préférences étaient déjà celles-ci.',
  historyTitle: 'Historique de mes choix',
  historyIntro: 'Chaque acceptation ou retrait, du plus récent au plus ancien. Il n’est jamais modifié, seulement complété.',
  historyEmpty: 'Aucun choix enregistré pour le moment.',
  historyEntry: (purpose: string, outcome: string) => `${purpose}\u00a0: ${outcome}`,
  granted: 'Accepté',
  withdrawn: 'Retiré',
  noticeVersion: (version: string) => `Politique de confidentialité, version ${version}`,
};

export type PreferencesMessages = typeof fr;

const en: PreferencesMessages = {
  title: 'My communication preferences',
  backToAccount: 'Back to my account',
  intro: 'Choose what you agree to receive. You can change your mind at any time: every choice is dated and kept in the history below.',
  formLegend: 'What I agree to receive',
  purposes: {
    newsletter_email: 'Newsletter by email',
    promotional_email: 'Offers and promotions by email',
    sms: 'Offers by text message',
  },
  explanations: {
    newsletter_email: 'Our news, tips and a look behind the scenes of the shop.',
    promotional_email: 'Sales, private sales and discount codes.',
    sms: 'Our offers by text message, to the mobile number of your profile.',
  },
  noMobile: 'Add a mobile number to your profile to receive text messages.',
  profileLink: 'Add a mobile number',
  mobileRequired: 'Add a mobile number to your profile first.',
  state: (granted, date, source) => `${granted ? 'Accepted' : 'Withdrawn'} on ${date}, ${source}.`,
  neverAsked: 'Never accepted.',
  sources: {
    sign_up: 'when signing up',
    account_page: 'from your account',
    unsubscribe_link: 'with the unsubscribe link of an email',
    staff: 'by our customer service',
    import: 'in a data import',
  },
  save: 'Save my preferences',
  saved: 'Your preferences have been saved.',
  unchanged: 'Nothing changed: these already were your preferences.',
  historyTitle: 'History of my choices',
  historyIntro: 'Every consent and withdrawal, newest first. It is never changed, only added to.',
  historyEmpty: 'No choice recorded yet.',
  historyEntry: (purpose, outcome) => `${purpose}: ${outcome}`,
  granted: 'Accepted',
  withdrawn: 'Withdrawn',
  noticeVersion: (version) => `Privacy notice, version ${version}`,
};

export const preferencesMessages: Record<Locale, PreferencesMessages> = { fr, en };
