// The few pages oidc-provider renders itself (the sign-in and consent pages are the portal's):
// an error that cannot be sent back to the storefront, the sign-out confirmation and its
// result. French unless the browser prefers English; no script, styles inline.

type TLocale = 'fr' | 'en';

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function page(options: { locale: TLocale; title: string; body: string }): string {
  return `<!DOCTYPE html>
<html lang="${options.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;padding:1.5rem;color:#1d1d1f;background:#f6f6f4}
main{max-width:28rem;margin:2rem auto;background:#fff;border-radius:.5rem;padding:1.5rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.35rem;margin:0 0 1rem}
button{font:inherit;padding:.7rem 1.1rem;border-radius:.4rem;border:1px solid #1f4e79;margin:.25rem .5rem .25rem 0;cursor:pointer}
.primary{background:#1f4e79;color:#fff}.secondary{background:#fff;color:#1f4e79}
code{background:#f0f0f0;padding:.1rem .3rem;border-radius:.2rem}
</style>
</head>
<body><main>${options.body}</main></body>
</html>`;
}

const texts = {
  fr: {
    errorTitle: 'La connexion n’a pas pu aboutir',
    errorBody: 'Retournez sur la boutique et réessayez. Si cela se reproduit, donnez ce code au service client :',
    logoutTitle: 'Vous déconnecter ?',
    logoutBody: (client: string | null) => (client ? `${client} demande à vous déconnecter de votre compte.` : 'Une boutique demande à vous déconnecter de votre compte.'),
    logoutYes: 'Oui, me déconnecter',
    logoutNo: 'Non, rester connecté',
    loggedOutTitle: 'Vous êtes déconnecté',
    loggedOutBody: 'Vous pouvez fermer cette page.',
  },
  en: {
    errorTitle: 'Signing in could not be completed',
    errorBody: 'Go back to the shop and try again. If it happens again, give this code to customer service:',
    logoutTitle: 'Sign out?',
    logoutBody: (client: string | null) => (client ? `${client} asks to sign you out of your account.` : 'A shop asks to sign you out of your account.'),
    logoutYes: 'Yes, sign me out',
    logoutNo: 'No, stay signed in',
    loggedOutTitle: 'You are signed out',
    loggedOutBody: 'You can close this page.',
  },
} as const;

/** Only the error code is shown: descriptions can name parameters a visitor should not be shown. */
export function renderOidcErrorPage(options: { error: string; locale: TLocale }): string {
  const t = texts[options.locale];
  return page({
    locale: options.locale,
    title: t.errorTitle,
    body: `<h1>${t.errorTitle}</h1><p>${t.errorBody} <code>${escapeHtml(options.error)}</code></p>`,
  });
}

/** `form` is the provider's hidden form (id="op.logoutForm", with its anti-forgery value). */
export function renderOidcLogoutPage(options: { form: string; clientName: string | null; locale: TLocale }): string {
  const t = texts[options.locale];
  return page({
    locale: options.locale,
    title: t.logoutTitle,
    body:
      `<h1>${t.logoutTitle}</h1><p>${escapeHtml(t.logoutBody(options.clientName))}</p>${options.form}` +
      `<button class="primary" autofocus type="submit" form="op.logoutForm" value="yes" name="logout">${t.logoutYes}</button>` +
      `<button class="secondary" type="submit" form="op.logoutForm">${t.logoutNo}</button>`,
  });
}

export function renderOidcLoggedOutPage(options: { locale: TLocale }): string {
  const t = texts[options.locale];
  return page({ locale: options.locale, title: t.loggedOutTitle, body: `<h1>${t.loggedOutTitle}</h1><p>${t.loggedOutBody}</p>` });
}
