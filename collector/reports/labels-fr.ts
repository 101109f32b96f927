// French wording shared by the quota report renderers.
import type { Profile, SpaceKind } from '../../shared/protocol/index.ts';
import type { ServerSummary, UserQuotaStatus } from './quota-report-types.ts';

export const STATUS_LABELS: Record<UserQuotaStatus, string> = {
  over_hard: 'Bloqué (limite atteinte)',
  over_soft: 'Dépassé (délai de grâce)',
  ok: 'OK',
  not_measured: 'Non mesuré',
};

export const PROFILE_LABELS: Record<Profile, string> = {
  eleve: 'Élève',
  enseignant: 'Enseignant',
  administratif: 'Administratif',
  autre: 'Autre',
};

export const SPACE_KIND_LABELS: Record<SpaceKind, string> = {
  perso: 'Espace personnel',
  classe_donnees: 'Classe — données',
  classe_travail: 'Classe — travail',
  option_donnees: 'Option — données',
  option_travail: 'Option — travail',
  profs_classe: 'Équipe pédagogique',
  commun: 'Commun',
  commun_travail: 'Commun — travail',
  professeurs: 'Professeurs',
  devoirs: 'Devoirs',
  salle_des_profs: 'Salle des profs',
  mediaprof: 'Mediaprof',
  mail: 'Messagerie',
  recyclage: 'Recyclage',
  importation: 'Importation',
  autre: 'Autre',
};

export const QUOTA_STATUS_LABELS: Record<ServerSummary['quotaStatus'], string> = {
  ok: 'Quotas relevés',
  not_enabled: 'Quotas non activés',
  error: 'Erreur de relevé des quotas',
  absent: 'Quotas non relevés',
};

/** The profile's label, or an empty string when unknown. */
export function profileLabel(profile: Profile | null): string {
  return profile === null ? '' : PROFILE_LABELS[profile];
}
