import type { Locale } from '../../ui/i18n';

const fr = {
  section: 'Mon compte',
  loading: 'Chargement…',
  fieldsToFix: 'Certains champs sont à corriger.',
  networkError: 'Impossible de joindre le serveur. Vérifiez votre connexion puis réessayez.',
  unexpected: 'Une erreur inattendue s’est produite. Réessayez dans un moment.',
  tooManyRequests: (seconds: number | null) =>
    seconds === null
      ? 'Trop de tentatives. Réessayez dans quelques instants.'
      : seconds < 120
        ? `Trop de tentatives. Réessayez dans ${seconds} seconde${seconds > 1 ? 's' : ''}.`
        : `Trop de tentatives. Réessayez dans ${Math.ceil(seconds / 60)} minutes.`,
  required: {
    email: 'Indiquez votre adresse e-mail.',
    password: 'Indiquez votre mot de passe.',
    firstName: 'Indiquez votre prénom.',
    lastName: 'Indiquez votre nom.',
    code: 'Indiquez le code reçu par e-mail.',
  },
  invalidEmail: 'Indiquez une adresse e-mail valide, par exemple nom@exemple.fr.',
  passwordTooShort: 'Le mot de passe doit contenir au moins 12 caractères.',
  passwordHint: '12 caractères minimum. Une phrase de quelques mots est facile à retenir et difficile à deviner.',
  codeFormat: 'Le code comporte 6 chiffres.',
  emailLabel: 'Adresse e-mail',
  passwordLabel: 'Mot de passe',
  signInLink: 'Se connecter',
  signUpLink: 'Créer un compte',
  forgotPasswordLink: 'Mot de passe oublié ?',
  checkInbox: 'Vérifiez votre boîte mail',
};

export type CommonMessages = typeof fr;

const en: CommonMessages = {
  section: 'My account',
  loading: 'Loading…',
  fieldsToFix: 'Some fields need correcting.',
  networkError: 'The server cannot be reached. Check your connection and try again.',
  unexpected: 'Something went wrong. Please try again in a moment.',
  tooManyRequests: (seconds) =>
    seconds === null
      ? 'Too many attempts. Please try again in a moment.'
      : seconds < 120
        ? `Too many attempts. Please try again in ${seconds} second${seconds === 1 ? '' : 's'}.`
        : `Too many attempts. Please try again in ${Math.ceil(seconds / 60)} minutes.`,
  required: {
    email: 'Enter your email address.',
    password: 'Enter your password.',
    firstName: 'Enter your first name.',
    lastName: 'Enter your last name.',
    code: 'Enter the code we emailed you.',
  },
  invalidEmail: 'Enter a valid email address, like name@example.com.',
  passwordTooShort: 'The password must be at least 12 characters long.',
  passwordHint: 'At least 12 characters. A phrase of a few words is easy to remember and hard to guess.',
  codeFormat: 'The code is 6 digits.',
  emailLabel: 'Email address',
  passwordLabel: 'Password',
  signInLink: 'Sign in',
  signUpLink: 'Create an account',
  forgotPasswordLink: 'Forgot your password?',
  checkInbox: 'Check your inbox',
};

export const common: Record<Locale, CommonMessages> = { fr, en };
