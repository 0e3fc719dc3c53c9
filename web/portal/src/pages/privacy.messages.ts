import type { Locale } from '../../../ui/i18n';

const fr = {
  title: 'Mes données personnelles',
  backToAccount: 'Retour à mon compte',
  exportHeading: 'Télécharger mes données',
  exportIntro:
    'Vous pouvez obtenir à tout moment une copie de toutes les données que nous conservons sur vous, dans un fichier JSON lisible par d’autres services (RGPD, articles 15 et 20). Il contient :',
  exportContents: [
    'votre profil : nom, adresse e-mail, téléphones, langue, date de naissance ;',
    'vos adresses de facturation et de livraison ;',
    'vos consentements de communication, leur état actuel et tout leur historique ;',
    'vos sessions (appareils, adresses IP) et le journal de sécurité de votre compte ;',
    'chaque e-mail que nous vous avons envoyé, avec son texte ;',
    'pour chaque partie : pourquoi nous la gardons, sur quelle base légale, combien de temps et qui la reçoit, ainsi que vos droits.',
  ],
  exportLimit: 'Au plus 5 téléchargements par heure.',
  exportButton: 'Télécharger mes données',
  exportDone: (fileName: string) => `Vos données ont été téléchargées dans le fichier ${fileName}.`,
  deleteHeading: 'Supprimer mon compte',
  deleteIntro: 'La suppression est immédiate et définitive :',
  deleteErased: [
    'votre profil, vos adresses, vos préférences de communication, vos sessions et l’historique de vos e-mails et de vos connexions sont effacés ;',
    'vous êtes déconnecté de tous vos appareils ;',
    'un dernier e-mail vous confirme la suppression, puis votre adresse e-mail est oubliée : vous pourrez créer un nouveau compte avec elle.',
  ],
  deleteKept:
    'La loi nous oblige à conserver certains documents, comme les commandes et les factures (10 ans en France) : ils restent, mais sous un pseudonyme, sans votre nom ni vos coordonnées.',
  deleteProofIntro: 'Pour confirmer qu’il s’agit bien de vous, indiquez votre mot de passe actuel.',
  currentPassword: 'Mot de passe actuel',
  noPassword: 'Pas de mot de passe, ou oublié ?',
  sendCode: 'Recevoir un code par e-mail',
  codeSent: (email: string) => `Nous avons envoyé un code à 6 chiffres à ${email}. Il est valable 10 minutes.`,
  code: 'Code reçu par e-mail',
  usePassword: 'Utiliser mon mot de passe plutôt',
  confirm: 'Je comprends que mon compte et mes données seront supprimés définitivement.',
  confirmRequired: 'Cochez la case pour confirmer la suppression.',
  deleteButton: 'Supprimer définitivement mon compte',
  invalidPassword: 'Ce mot de passe est incorrect.',
  invalidCode: 'Ce code est incorrect ou a expiré. Demandez-en un nouveau.',
  codeRequired: 'Indiquez le code à 6 chiffres reçu par e-mail.',
};

export type PrivacyMessages = typeof fr;

const en: PrivacyMessages = {
  title: 'My personal data',
  backToAccount: 'Back to my account',
  exportHeading: 'Download my data',
  exportIntro:
    'You can get a copy of all the data we hold about you at any time, in a JSON file other services can read (GDPR, articles 15 and 20). It contains:',
  exportContents: [
    'your profile: name, email address, phone numbers, language, birth date;',
    'your billing and delivery addresses;',
    'your communication consents, their current state and their whole history;',
    'your sessions (devices, IP addresses) and your account’s security log;',
    'every email we sent you, with its text;',
    'for each part: why we keep it, on which legal basis, for how long and who receives it, and your rights.',
  ],
  exportLimit: 'At most 5 downloads an hour.',
  exportButton: 'Download my data',
  exportDone: (fileName) => `Your data was downloaded as ${fileName}.`,
  deleteHeading: 'Delete my account',
  deleteIntro: 'Deletion is immediate and final:',
  deleteErased: [
    'your profile, addresses, communication preferences, sessions, and email and sign-in history are erased;',
    'you are signed out on every device;',
    'a last email confirms the deletion, then your email address is forgotten: you can create a new account with it.',
  ],
  deleteKept:
    'The law requires us to keep some records, such as orders and invoices (10 years in France): they remain, but under a pseudonym, without your name or contact details.',
  deleteProofIntro: 'To confirm it is you, enter your current password.',
  currentPassword: 'Current password',
  noPassword: 'No password, or forgotten it?',
  sendCode: 'Email me a code',
  codeSent: (email) => `We sent a 6-digit code to ${email}. It is valid for 10 minutes.`,
  code: 'Code from the email',
  usePassword: 'Use my password instead',
  confirm: 'I understand that my account and my data will be deleted for good.',
  confirmRequired: 'Tick the box to confirm the deletion.',
  deleteButton: 'Delete my account for good',
  invalidPassword: 'This password is wrong.',
  invalidCode: 'This code is wrong or has expired. Ask for a new one.',
  codeRequired: 'Enter the 6-digit code from the email.',
};

export const privacyMessages: Record<Locale, PrivacyMessages> = { fr, en };
