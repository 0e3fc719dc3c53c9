import type { Locale } from '../../ui/i18n';
import type { StaffRole, StaffStatus } from './backoffice-api';

const fr = {
  section: 'Back-office',
  loading: 'Chargement…',
  fieldsToFix: 'Certains champs sont à corriger.',
  networkError: 'Impossible de joindre le serveur. Vérifiez votre connexion puis réessayez.',
  unexpected: 'Une erreur inattendue s’est produite. Réessayez dans un moment.',
  forbidden: 'Votre rôle ne donne pas accès à cette page.',
  tooManyRequests: (seconds: number | null) =>
    seconds === null
      ? 'Trop de tentatives. Réessayez dans quelques instants.'
      : seconds < 120
        ? `Trop de tentatives. Réessayez dans ${seconds} seconde${seconds > 1 ? 's' : ''}.`
        : `Trop de tentatives. Réessayez dans ${Math.ceil(seconds / 60)} minutes.`,
  required: {
    email: 'Indiquez l’adresse e-mail.',
    password: 'Indiquez votre mot de passe.',
    name: 'Indiquez le nom.',
    code: 'Indiquez le code à 6 chiffres.',
  },
  invalidEmail: 'Indiquez une adresse e-mail valide, par exemple nom@exemple.fr.',
  passwordTooShort: 'Le mot de passe doit contenir au moins 12 caractères.',
  passwordHint: '12 caractères minimum. Une phrase de quelques mots est facile à retenir et difficile à deviner.',
  codeFormat: 'Le code comporte 6 chiffres.',
  emailLabel: 'Adresse e-mail',
  passwordLabel: 'Mot de passe',
  nameLabel: 'Nom',
  roleLabel: 'Rôle',
  signOut: 'Se déconnecter',
  nav: {
    label: 'Sections du back-office',
    home: 'Accueil',
    customers: 'Clients',
    approvals: 'Approbations',
    requests: 'Demandes',
    companies: 'Entreprises',
    privacy: 'RGPD',
    imports: 'Import / export',
    staff: 'Équipe',
    audit: 'Journal d’audit',
    settings: 'Réglages',
    markets: 'Marchés',
    emailPreviews: 'Aperçu des e-mails',
    integrations: 'Intégrations',
  },
  signedInAs: (name: string) => `Connecté : ${name}`,
  roles: { owner: 'Propriétaire', administrator: 'Administrateur', support: 'Support', read_only: 'Lecture seule' } satisfies Record<
    StaffRole,
    string
  >,
  statuses: { invited: 'Invité', active: 'Actif', disabled: 'Désactivé' } satisfies Record<StaffStatus, string>,
};

export type CommonMessages = typeof fr;

const en: CommonMessages = {
  section: 'Back office',
  loading: 'Loading…',
  fieldsToFix: 'Some fields need correcting.',
  networkError: 'The server cannot be reached. Check your connection and try again.',
  unexpected: 'Something went wrong. Please try again in a moment.',
  forbidden: 'Your role does not give access to this page.',
  tooManyRequests: (seconds) =>
    seconds === null
      ? 'Too many attempts. Please try again in a moment.'
      : seconds < 120
        ? `Too many attempts. Please try again in ${seconds} second${seconds === 1 ? '' : 's'}.`
        : `Too many attempts. Please try again in ${Math.ceil(seconds / 60)} minutes.`,
  required: {
    email: 'Enter the email address.',
    password: 'Enter your password.',
    name: 'Enter the name.',
    code: 'Enter the 6-digit code.',
  },
  invalidEmail: 'Enter a valid email address, like name@example.com.',
  passwordTooShort: 'The password must be at least 12 characters long.',
  passwordHint: 'At least 12 characters. A phrase of a few words is easy to remember and hard to guess.',
  codeFormat: 'The code is 6 digits.',
  emailLabel: 'Email address',
  passwordLabel: 'Password',
  nameLabel: 'Name',
  roleLabel: 'Role',
  signOut: 'Sign out',
  nav: {
    label: 'Back office sections',
    home: 'Home',
    customers: 'Customers',
    approvals: 'Approvals',
    requests: 'Requests',
    companies: 'Companies',
    privacy: 'Privacy',
    imports: 'Import / export',
    staff: 'Staff',
    audit: 'Audit log',
    settings: 'Settings',
    markets: 'Markets',
    emailPreviews: 'Email previews',
    integrations: 'Integrations',
  },
  signedInAs: (name) => `Signed in: ${name}`,
  roles: { owner: 'Owner', administrator: 'Administrator', support: 'Support', read_only: 'Read-only' },
  statuses: { invited: 'Invited', active: 'Active', disabled: 'Disabled' },
};

export const common: Record<Locale, CommonMessages> = { fr, en };
