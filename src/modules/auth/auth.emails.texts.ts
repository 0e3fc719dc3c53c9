import type { TLocale } from '../../platform/mail/mail-layout.js';

type TShop = { shopName: string };

type TMessageTexts<TVars = TShop> = {
  subject: (vars: TShop) => string;
  title: string;
  preheader: (vars: TVars) => string;
  body: (vars: TVars) => string[];
  closingNote: (vars: TVars) => string;
};

export type TAuthEmailTexts = {
  greeting: (firstName: string | null) => string;
  footer: (vars: TShop) => string;
  formatDate: (date: Date) => string;
  verifyEmail: TMessageTexts & { action: string };
  guestClaim: TMessageTexts & { action: string };
  accountExists: TMessageTexts<TShop & { unverified: boolean }> & {
    signIn: string;
    resetPassword: string;
    verify: string;
  };
  loginCode: TMessageTexts;
  loginCodeNoAccount: TMessageTexts & { action: string };
  passwordReset: TMessageTexts & { action: string };
  passwordChanged: TMessageTexts<TShop & { when: string }> & { action: string };
};

// French typography wants a non-breaking space before : ; ! and ?
const nbsp = '\u00a0';

function parisDateFormatter(locale: string): (date: Date) => string {
  const format = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Paris' });
  return (date) => format.format(date);
}

const fr: TAuthEmailTexts = {
  greeting: (firstName) => (firstName ? `Bonjour ${firstName},` : 'Bonjour,'),
  footer: ({ shopName }) => `Vous recevez cet e-mail à la suite d’une demande faite sur ${shopName} avec cette adresse.`,
  formatDate: (date) => `${parisDateFormatter('fr-FR')(date)} (heure de Paris)`,
  verifyEmail: {
    subject: ({ shopName }) => `Confirmez votre adresse e-mail – ${shopName}`,
    title: 'Confirmez votre adresse e-mail',
    preheader: ({ shopName }) => `Plus qu’un clic pour activer votre compte ${shopName}.`,
    body: ({ shopName }) => [
      `Merci d’avoir créé votre compte ${shopName}${nbsp}! Pour l’activer, il ne reste plus qu’à confirmer votre adresse e-mail.`,
    ],
    action: 'Confirmer mon adresse',
    closingNote: () =>
      `Ce lien est valable 24${nbsp}heures. Si vous n’êtes pas à l’origine de cette inscription, ignorez simplement cet e-mail.`,
  },
  guestClaim: {
    subject: ({ shopName }) => `Finalisez la création de votre compte – ${shopName}`,
    title: 'Finalisez la création de votre compte',
    preheader: ({ shopName }) => `Confirmez votre adresse pour retrouver vos commandes ${shopName}.`,
    body: ({ shopName }) => [
      `Vous avez déjà commandé chez ${shopName} avec cette adresse e-mail, sans créer de compte. Confirmez votre adresse pour terminer la création de votre compte${nbsp}: vos commandes passées y seront rattachées.`,
    ],
    action: 'Confirmer et créer mon compte',
    closingNote: () =>
      `Ce lien est valable 24${nbsp}heures. Si vous n’êtes pas à l’origine de cette demande, ignorez cet e-mail${nbsp}: rien ne sera modifié.`,
  },
  accountExists: {
    subject: ({ shopName }) => `Vous avez déjà un compte – ${shopName}`,
    title: 'Vous avez déjà un compte',
    preheader: ({ shopName }) => `Cette adresse est déjà liée à un compte ${shopName}.`,
    body: ({ shopName, unverified }) => [
      `Quelqu’un, peut-être vous, vient d’essayer de créer un compte ${shopName} avec cette adresse e-mail. Bonne nouvelle${nbsp}: vous en avez déjà un.`,
      unverified
        ? `Votre adresse n’a pas encore été confirmée. Confirmez-la pour activer votre compte${nbsp}: la confirmation vous connecte directement.`
        : `Il vous suffit de vous connecter. Mot de passe oublié${nbsp}? Vous pouvez en choisir un nouveau en quelques instants.`,
    ],
    signIn: 'Me connecter',
    resetPassword: 'Choisir un nouveau mot de passe',
    verify: 'Confirmer mon adresse',
    closingNote: () => `Ce n’était pas vous${nbsp}? Vous n’avez rien à faire${nbsp}: votre compte reste inchangé.`,
  },
  loginCode: {
    subject: ({ shopName }) => `Votre code de connexion – ${shopName}`,
    title: 'Votre code de connexion',
    preheader: () => `Valable 10${nbsp}minutes. Ne le communiquez à personne.`,
    body: ({ shopName }) => [`Voici votre code pour vous connecter à votre compte ${shopName}${nbsp}:`],
    closingNote: ({ shopName }) =>
      `Ce code est valable 10${nbsp}minutes et ne sert qu’une fois. Ne le communiquez à personne${nbsp}: l’équipe ${shopName} ne vous le demandera jamais. Si vous n’avez pas demandé ce code, ignorez cet e-mail.`,
  },
  loginCodeNoAccount: {
    subject: ({ shopName }) => `Aucun compte n’utilise cette adresse – ${shopName}`,
    title: 'Aucun compte n’utilise cette adresse',
    preheader: ({ shopName }) => `Vous pouvez créer votre compte ${shopName} en quelques instants.`,
    body: ({ shopName }) => [
      `Quelqu’un, peut-être vous, a demandé un code de connexion ${shopName} pour cette adresse e-mail, mais aucun compte ne l’utilise.`,
      `Vous souhaitez en créer un${nbsp}? C’est rapide${nbsp}:`,
    ],
    action: 'Créer mon compte',
    closingNote: () => `Si vous n’êtes pas à l’origine de cette demande, ignorez simplement cet e-mail.`,
  },
  passwordReset: {
    subject: ({ shopName }) => `Réinitialisez votre mot de passe – ${shopName}`,
    title: 'Réinitialisez votre mot de passe',
    preheader: () => `Ce lien est valable 1${nbsp}heure.`,
    body: ({ shopName }) => [
      `Vous avez demandé à réinitialiser le mot de passe de votre compte ${shopName}. Choisissez-en un nouveau avec le bouton ci-dessous.`,
    ],
    action: 'Choisir un nouveau mot de passe',
    closingNote: () =>
      `Ce lien est valable 1${nbsp}heure et ne fonctionne qu’une seule fois. Si vous n’avez rien demandé, ignorez cet e-mail${nbsp}: votre mot de passe reste inchangé.`,
  },
  passwordChanged: {
    subject: ({ shopName }) => `Votre mot de passe a été modifié – ${shopName}`,
    title: 'Votre mot de passe a été modifié',
    preheader: ({ shopName }) => `Le mot de passe de votre compte ${shopName} vient de changer.`,
    body: ({ shopName, when }) => [
      `Le mot de passe de votre compte ${shopName} a été modifié le ${when}.`,
      `Par sécurité, toutes vos autres sessions ont été déconnectées.`,
      `Ce n’était pas vous${nbsp}? Réinitialisez votre mot de passe sans attendre${nbsp}:`,
    ],
    action: 'Réinitialiser mon mot de passe',
    closingNote: () => `Si c’était bien vous, vous n’avez rien à faire.`,
  },
};

const en: TAuthEmailTexts = {
  greeting: (firstName) => (firstName ? `Hello ${firstName},` : 'Hello,'),
  footer: ({ shopName }) => `You are receiving this email because of a request made on ${shopName} with this address.`,
  formatDate: (date) => `${parisDateFormatter('en-GB')(date)} (Paris time)`,
  verifyEmail: {
    subject: ({ shopName }) => `Confirm your email address – ${shopName}`,
    title: 'Confirm your email address',
    preheader: ({ shopName }) => `One click left to activate your ${shopName} account.`,
    body: ({ shopName }) => [
      `Thank you for creating your ${shopName} account! To activate it, all that is left is to confirm your email address.`,
    ],
    action: 'Confirm my address',
    closingNote: () => `This link is valid for 24 hours. If you did not sign up, simply ignore this email.`,
  },
  guestClaim: {
    subject: ({ shopName }) => `Finish creating your account – ${shopName}`,
    title: 'Finish creating your account',
    preheader: ({ shopName }) => `Confirm your address to find your ${shopName} orders.`,
    body: ({ shopName }) => [
      `You have already ordered from ${shopName} with this email address without an account. Confirm your address to finish creating your account: your past orders will be in it.`,
    ],
    action: 'Confirm and create my account',
    closingNote: () => `This link is valid for 24 hours. If you did not ask for this, ignore this email: nothing will change.`,
  },
  accountExists: {
    subject: ({ shopName }) => `You already have an account – ${shopName}`,
    title: 'You already have an account',
    preheader: ({ shopName }) => `This address is already linked to a ${shopName} account.`,
    body: ({ shopName, unverified }) => [
      `Someone, perhaps you, just tried to create a ${shopName} account with this email address. Good news: you already have one.`,
      unverified
        ? `Your address has not been confirmed yet. Confirm it to activate your account: you will be signed in straight away.`
        : `Simply sign in. Forgotten your password? You can choose a new one in a moment.`,
    ],
    signIn: 'Sign in',
    resetPassword: 'Choose a new password',
    verify: 'Confirm my address',
    closingNote: () => `If this wasn’t you, there is nothing to do: your account is unchanged.`,
  },
  loginCode: {
    subject: ({ shopName }) => `Your sign-in code – ${shopName}`,
    title: 'Your sign-in code',
    preheader: () => `Valid for 10 minutes. Never share it with anyone.`,
    body: ({ shopName }) => [`Here is your code to sign in to your ${shopName} account:`],
    closingNote: ({ shopName }) =>
      `This code is valid for 10 minutes and works only once. Never share it: the ${shopName} team will never ask you for it. If you did not ask for this code, ignore this email.`,
  },
  loginCodeNoAccount: {
    subject: ({ shopName }) => `No account uses this address – ${shopName}`,
    title: 'No account uses this address',
    preheader: ({ shopName }) => `You can create your ${shopName} account in a moment.`,
    body: ({ shopName }) => [
      `Someone, perhaps you, asked for a ${shopName} sign-in code for this email address, but no account uses it.`,
      `Would you like to create one? It only takes a moment:`,
    ],
    action: 'Create my account',
    closingNote: () => `If you did not make this request, simply ignore this email.`,
  },
  passwordReset: {
    subject: ({ shopName }) => `Reset your password – ${shopName}`,
    title: 'Reset your password',
    preheader: () => `This link is valid for 1 hour.`,
    body: ({ shopName }) => [
      `You asked to reset the password of your ${shopName} account. Choose a new one with the button below.`,
    ],
    action: 'Choose a new password',
    closingNote: () =>
      `This link is valid for 1 hour and works only once. If you did not ask for it, ignore this email: your password is unchanged.`,
  },
  passwordChanged: {
    subject: ({ shopName }) => `Your password was changed – ${shopName}`,
    title: 'Your password was changed',
    preheader: ({ shopName }) => `The password of your ${shopName} account has just changed.`,
    body: ({ shopName, when }) => [
      `The password of your ${shopName} account was changed on ${when}.`,
      `For your security, every other session has been signed out.`,
      `Not you? Reset your password right away:`,
    ],
    action: 'Reset my password',
    closingNote: () => `If it was you, there is nothing more to do.`,
  },
};

export const authEmailTexts: Record<TLocale, TAuthEmailTexts> = { fr, en };
