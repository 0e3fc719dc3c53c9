import type { Locale } from '../../../../ui/i18n';

const fr = {
  sectionTitle: 'Listes de cadeaux',
  sectionIntro: 'Listes de naissance, de mariage… du client, en lecture seule. Chaque consultation est enregistrée.',
  show: 'Afficher les listes',
  none: 'Aucune liste de cadeaux.',
  closed: 'Fermée',
  kinds: { birth: 'Naissance', wedding: 'Mariage', birthday: 'Anniversaire', other: 'Autre' } as Record<string, string>,
  visibilities: { public: 'Publique', link: 'Par lien ou code', code: 'Avec code d’accès' } as Record<string, string>,
  pageTitle: 'Liste de cadeaux',
  findTitle: 'Trouver une liste par son code',
  codeLabel: 'Code de la liste',
  codeHint: 'Par exemple LN-7KQ2-M4XP, tel que le client le lit.',
  find: 'Afficher',
  notFound: 'Aucune liste n’a ce code dans vos marchés.',
  owner: 'Titulaire',
  ownerLink: 'Voir la fiche client',
  ownerNames: 'Noms affichés',
  visibility: 'Visibilité',
  status: 'État',
  open: 'Ouverte',
  eventDate: 'Date',
  items: 'Cadeaux souhaités',
  itemLine: (name: string, wanted: number, reserved: number, purchased: number) => `${name} : ${wanted} souhaité(s), ${reserved} réservé(s), ${purchased} offert(s)`,
  gifts: 'Cadeaux reçus',
  giftLine: (giver: string, quantity: number, item: string, status: string) => `${giver} : ${quantity} × ${item} (${status})`,
  giftStatus: { reserved: 'réservé', purchased: 'offert', cancelled: 'annulé' } as Record<string, string>,
  contributions: 'Cagnotte',
  contributionLine: (giver: string, amount: string) => `${giver} : ${amount}`,
  nothing: 'Rien pour le moment.',
};

export type RegistryAdminMessages = typeof fr;

export const registryAdminMessages: Record<Locale, RegistryAdminMessages> = {
  fr,
  en: {
    sectionTitle: 'Gift registries',
    sectionIntro: 'The customer’s birth, wedding… registries, read-only. Every look is recorded.',
    show: 'Show the registries',
    none: 'No gift registry.',
    closed: 'Closed',
    kinds: { birth: 'Birth', wedding: 'Wedding', birthday: 'Birthday', other: 'Other' },
    visibilities: { public: 'Public', link: 'By link or code', code: 'With an access code' },
    pageTitle: 'Gift registry',
    findTitle: 'Find a registry by its code',
    codeLabel: 'Registry code',
    codeHint: 'For example LN-7KQ2-M4XP, as the customer reads it out.',
    find: 'Show',
    notFound: 'No registry has this code in your markets.',
    owner: 'Owner',
    ownerLink: 'See the customer',
    ownerNames: 'Names shown',
    visibility: 'Visibility',
    status: 'Status',
    open: 'Open',
    eventDate: 'Date',
    items: 'Wished-for gifts',
    itemLine: (name, wanted, reserved, purchased) => `${name}: ${wanted} wanted, ${reserved} reserved, ${purchased} given`,
    gifts: 'Gifts received',
    giftLine: (giver, quantity, item, status) => `${giver}: ${quantity} × ${item} (${status})`,
    giftStatus: { reserved: 'reserved', purchased: 'given', cancelled: 'cancelled' },
    contributions: 'Fund',
    contributionLine: (giver, amount) => `${giver}: ${amount}`,
    nothing: 'Nothing yet.',
  },
};

export type Money = { amount: number; currency: string };
export const formatMoney = (locale: string, money: Money) =>
  new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'fr-FR', { style: 'currency', currency: money.currency }).format(money.amount / 100);
