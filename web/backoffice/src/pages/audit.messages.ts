import type { Locale } from '../../../ui/i18n';

/** The actions the audit records so far; an action without a label here is shown as recorded. */
export const AUDIT_ACTIONS = [
  'staff.signed_in',
  'staff.sign_in_failed',
  'staff.signed_out',
  'staff.second_factor_verified',
  'staff.second_factor_failed',
  'staff.recovery_code_used',
  'staff.totp_enrolled',
  'staff.setup_link_issued',
  'staff.setup_completed',
  'staff.created',
  'staff.role_changed',
  'staff.disabled',
  'staff.enabled',
] as const;

type ActionLabels = Record<(typeof AUDIT_ACTIONS)[number], string>;

const frActions: ActionLabels = {
  'staff.signed_in': 'Connexion',
  'staff.sign_in_failed': 'Connexion refusée',
  'staff.signed_out': 'Déconnexion',
  'staff.second_factor_verified': 'Double authentification validée',
  'staff.second_factor_failed': 'Code de double authentification refusé',
  'staff.recovery_code_used': 'Code de secours utilisé',
  'staff.totp_enrolled': 'Double authentification mise en place',
  'staff.setup_link_issued': 'Lien de création d’accès émis',
  'staff.setup_completed': 'Accès créé',
  'staff.created': 'Membre de l’équipe invité',
  'staff.role_changed': 'Rôle changé',
  'staff.disabled': 'Accès désactivé',
  'staff.enabled': 'Accès réactivé',
};

const fr = {
  title: 'Journal d’audit',
  intro: 'Chaque action de l’équipe dans le back-office, la plus récente d’abord. Jamais un mot de passe ni un code.',
  filtersTitle: 'Filtrer',
  staffLabel: 'Membre de l’équipe',
  anyone: 'Tout le monde',
  actionLabel: 'Action',
  anyAction: 'Toutes les actions',
  targetTypeLabel: 'Type de cible',
  targetTypeHint: 'Par exemple staff_user.',
  targetIdLabel: 'Identifiant de la cible',
  fromLabel: 'Du',
  toLabel: 'Au',
  apply: 'Filtrer',
  clear: 'Effacer les filtres',
  listTitle: 'Événements',
  columns: { at: 'Date et heure', who: 'Qui', action: 'Action', target: 'Cible', origin: 'Origine', details: 'Détails' },
  nobody: 'Personne de connecté',
  empty: 'Aucun événement ne correspond à ces filtres.',
  shown: (count: number) => `${count} événement${count > 1 ? 's' : ''} affiché${count > 1 ? 's' : ''}.`,
  more: 'Afficher les événements plus anciens',
  actions: frActions,
};

export type AuditMessages = typeof fr;

export const auditMessages: Record<Locale, AuditMessages> = {
  fr,
  en: {
    title: 'Audit log',
    intro: 'Every action of the staff in the back office, newest first. Never a password or a code.',
    filtersTitle: 'Filter',
    staffLabel: 'Staff member',
    anyone: 'Everyone',
    actionLabel: 'Action',
    anyAction: 'All actions',
    targetTypeLabel: 'Target type',
    targetTypeHint: 'For example staff_user.',
    targetIdLabel: 'Target id',
    fromLabel: 'From',
    toLabel: 'To',
    apply: 'Filter',
    clear: 'Clear the filters',
    listTitle: 'Events',
    columns: { at: 'Date and time', who: 'Who', action: 'Action', target: 'Target', origin: 'Origin', details: 'Details' },
    nobody: 'Nobody signed in',
    empty: 'No event matches these filters.',
    shown: (count) => `${count} event${count === 1 ? '' : 's'} shown.`,
    more: 'Show older events',
    actions: {
      'staff.signed_in': 'Signed in',
      'staff.sign_in_failed': 'Sign-in refused',
      'staff.signed_out': 'Signed out',
      'staff.second_factor_verified': 'Two-factor code accepted',
      'staff.second_factor_failed': 'Two-factor code refused',
      'staff.recovery_code_used': 'Recovery code used',
      'staff.totp_enrolled': 'Two-factor authentication set up',
      'staff.setup_link_issued': 'Set-up link issued',
      'staff.setup_completed': 'Access created',
      'staff.created': 'Staff member invited',
      'staff.role_changed': 'Role changed',
      'staff.disabled': 'Access disabled',
      'staff.enabled': 'Access re-enabled',
    },
  },
};

export function actionLabel(t: AuditMessages, action: string): string {
  return (t.actions as Record<string, string>)[action] ?? action;
}
