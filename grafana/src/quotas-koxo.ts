// « Quotas et migration KoXo »: who holds what, what is over quota, what is old, what will move to KoXo.
import { DashboardBuilder, DashboardCursorSync, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { assignPanelIds } from './lib/finalize.ts';
import { MERGE, barGauge, collapsedRow, organizeColumns, pieChart, stat, table, timeseries, QUOTA_FILL } from './lib/panels.ts';
import { DAY, NOT_MIGRATED_KINDS, dataAgeQueries, fleet } from './lib/promql.ts';
import { SERVER_FILTER as F, datasourceVariable, fleetVariables } from './lib/variables.ts';

export const QUOTAS_KOXO_UID = 'vigie-quotas-koxo';

const TO_MIGRATE = `kind!~"${NOT_MIGRATED_KINDS}"`;

/** Adds the school name (`name` of `scribe_server_info`) to a series aggregated by `uai`. */
function withSchoolName(exprByUai: string): string {
  return `(${exprByUai}) * on (uai) group_left (name) topk by (uai) (1, ${fleet(`scribe_server_info{${F}}`)})`;
}

const headline = [
  stat({
    title: 'Volume à migrer',
    description: `Somme des espaces qui partiront vers KoXo (tous les espaces mesurés sauf la corbeille « recyclage » et les fichiers d'« importation »), en octets alloués sur disque.`,
    queries: [{ expr: `sum(${fleet(`scribe_space_bytes{${F}, ${TO_MIGRATE}}`)})`, instant: true }],
    unit: 'bytes',
    baseColor: 'blue',
  }),
  stat({
    title: 'Fichiers à migrer',
    description: 'Nombre de fichiers dans les espaces qui partiront vers KoXo.',
    queries: [{ expr: `sum(${fleet(`scribe_space_files{${F}, ${TO_MIGRATE}}`)})`, instant: true }],
    unit: 'short',
    baseColor: 'blue',
  }),
  stat({
    title: 'Quotas utilisés',
    description: 'Espace utilisé par les comptes rapporté à la somme de leurs quotas, pour la sélection.',
    queries: [{ expr: `sum(${fleet(`scribe_quota_used_bytes{${F}}`)}) / sum(${fleet(`scribe_quota_limit_bytes{${F}}`)} > 0)`, instant: true }],
    unit: 'percentunit',
    thresholds: [
      [0.8, 'orange'],
      [0.9, 'red'],
    ],
  }),
  stat({
    title: 'Comptes au-delà du quota',
    description: 'Comptes au-delà de leur quota souple (période de grâce) ou dur : à contacter avant la migration.',
    queries: [{ expr: `sum(${fleet(`scribe_quota_users{${F}, status=~"over_soft|over_hard"}`)})`, instant: true }],
    thresholds: [[1, 'orange']],
  }),
  stat({
    title: 'Données de plus de 3 ans',
    description: 'Part du volume dont la dernière modification date de plus de trois ans : candidates au nettoyage avant migration.',
    queries: [{ expr: `sum(${fleet(`scribe_space_age_bytes{${F}, age="gt3y"}`)}) / sum(${fleet(`scribe_space_age_bytes{${F}}`)})`, instant: true }],
    unit: 'percentunit',
    thresholds: [
      [0.3, 'orange'],
      [0.5, 'red'],
    ],
  }),
  stat({
    title: 'À nettoyer (recyclage, importation)',
    description:
      "Volume de la corbeille « recyclage » (données des classes vidées fin août, gardées jusqu'à fin octobre) et du dossier « importation » d'adminrupn : non migré.",
    queries: [{ expr: `sum(${fleet(`scribe_space_bytes{${F}, kind=~"${NOT_MIGRATED_KINDS}"}`)})`, instant: true }],
    unit: 'bytes',
    baseColor: 'text',
  }),
  stat({
    title: 'Croissance sur la période',
    description: 'Variation du volume total des espaces sur la période affichée (estimée à partir des rapports nocturnes).',
    queries: [{ expr: `sum(${fleet(`delta(scribe_space_bytes{${F}}[$__range])`)})`, instant: true }],
    unit: 'bytes',
    baseColor: 'blue',
    width: 6,
  }),
  stat({
    title: 'Établissements ayant fait un rapport',
    description: 'Nombre d’établissements dont au moins un serveur a envoyé un rapport de quotas et d’espaces.',
    queries: [{ expr: `count(count by (uai) (${fleet(`scribe_report_timestamp_seconds{${F}}`)}))`, instant: true }],
    baseColor: 'blue',
    width: 6,
  }),
  stat({
    title: 'Rapports de plus de 2 jours',
    description: "Serveurs dont le dernier rapport nocturne a plus de deux jours : leurs chiffres sont anciens.",
    queries: [{ expr: `sum((time() - ${fleet(`scribe_report_timestamp_seconds{${F}}`)}) > bool ${2 * DAY})`, instant: true }],
    thresholds: [[1, 'orange']],
    width: 6,
  }),
  stat({
    title: 'Scans partiels',
    description: 'Serveurs dont le dernier scan a atteint son budget de temps : leurs chiffres sont des minima.',
    queries: [{ expr: `sum(${fleet(`scribe_scan_partial{${F}}`)})`, instant: true }],
    thresholds: [[1, 'orange']],
    width: 6,
  }),
];

const bySchool = collapsedRow('Quotas par établissement et profil', [
  table({
    title: 'Quotas par établissement',
    description: 'Pour chaque établissement : espace utilisé, somme des quotas, taux de remplissage et comptes au-delà du quota.',
    queries: [
      { expr: withSchoolName(`sum by (uai) (${fleet(`scribe_quota_used_bytes{${F}}`)})`), table: true },
      { expr: `sum by (uai) (${fleet(`scribe_quota_limit_bytes{${F}}`)})`, table: true },
      { expr: `sum by (uai) (${fleet(`scribe_quota_used_bytes{${F}}`)}) / sum by (uai) (${fleet(`scribe_quota_limit_bytes{${F}}`)} > 0)`, table: true },
      { expr: `sum by (uai) (${fleet(`scribe_quota_users{${F}, status=~"over_soft|over_hard"}`)})`, table: true },
    ],
    height: 10,
  })
    .withTransformation(MERGE)
    .withTransformation(
      organizeColumns({
        uai: 'UAI',
        name: 'Établissement',
        'Value #A': 'Utilisé',
        'Value #B': 'Quotas',
        'Value #C': 'Remplissage',
        'Value #D': 'Comptes hors quota',
      }),
    )
    .overrideByName('Utilisé', [{ id: 'unit', value: 'bytes' }])
    .overrideByName('Quotas', [{ id: 'unit', value: 'bytes' }])
    .overrideByName('Remplissage', [{ id: 'unit', value: 'percentunit' }]),
  barGauge({
    title: 'Remplissage des quotas par établissement et profil',
    description: 'Espace utilisé rapporté à la somme des quotas, par établissement et par profil (élève, enseignant, administratif, autre).',
    queries: [
      {
        expr: `sum by (uai, profile) (${fleet(`scribe_quota_used_bytes{${F}}`)}) / sum by (uai, profile) (${fleet(`scribe_quota_limit_bytes{${F}}`)} > 0)`,
        legend: '{{uai}} {{profile}}',
        instant: true,
      },
    ],
    ...QUOTA_FILL,
    width: 24,
    height: 10,
  }),
]);

const overQuota = collapsedRow('Comptes hors quota', [
  table({
    title: 'Établissements ayant des comptes hors quota',
    description: 'Nombre de comptes au-delà du quota souple ou dur, par serveur.',
    noValue: 'Aucun compte hors quota',
    queries: [
      { expr: withSchoolName(`sum by (uai, server, status) (${fleet(`scribe_quota_users{${F}, status!="ok"}`)}) > 0`), table: true },
    ],
    width: 12,
  }).withTransformation(organizeColumns({ uai: 'UAI', name: 'Établissement', server: 'Serveur', status: 'État', Value: 'Comptes' })),
  timeseries({
    title: 'Comptes hors quota au fil du temps',
    description: 'Évolution du nombre de comptes au-delà du quota, par établissement et type de dépassement.',
    queries: [
      { expr: `sum by (uai, status) (${fleet(`scribe_quota_users{${F}, status=~"over_soft|over_hard"}`)})`, legend: '{{uai}} {{status}}' },
    ],
    width: 12,
  }),
  table({
    title: 'Plus gros consommateurs du parc',
    description: 'Les 20 comptes qui utilisent le plus d’espace selon les quotas, tous serveurs de la sélection confondus.',
    queries: [{ expr: `topk(20, ${fleet(`scribe_quota_top_user_used_bytes{${F}}`)})`, table: true }],
    unit: 'bytes',
  }).withTransformation(organizeColumns({ uai: 'UAI', server: 'Serveur', login: 'Identifiant', profile: 'Profil', Value: 'Utilisé' })),
]);

const largest = collapsedRow('Plus gros espaces', [
  table({
    title: 'Plus gros espaces',
    description: 'Les 20 plus gros couples (serveur, type d’espace) de la sélection.',
    queries: [{ expr: `topk(20, sum by (uai, server, kind) (${fleet(`scribe_space_bytes{${F}}`)}))`, table: true }],
    unit: 'bytes',
    width: 12,
  }).withTransformation(organizeColumns({ uai: 'UAI', server: 'Serveur', kind: 'Espace', Value: 'Taille' })),
  barGauge({
    title: 'Volume par type d’espace',
    description: 'Volume total de chaque type d’espace sur la sélection.',
    queries: [{ expr: `sum by (kind) (${fleet(`scribe_space_bytes{${F}}`)})`, legend: '{{kind}}', instant: true }],
    unit: 'bytes',
  }),
]);

const age = collapsedRow('Âge des données', [
  pieChart({
    title: 'Âge des données',
    description: 'Répartition du volume selon la date de dernière modification des fichiers.',
    queries: dataAgeQueries(F),
    unit: 'bytes',
  }),
  barGauge({
    title: 'Part des données de plus de 3 ans par établissement',
    description: 'Pour chaque établissement, part du volume non modifiée depuis plus de trois ans.',
    queries: [
      {
        expr: `sum by (uai) (${fleet(`scribe_space_age_bytes{${F}, age="gt3y"}`)}) / sum by (uai) (${fleet(`scribe_space_age_bytes{${F}}`)})`,
        legend: '{{uai}}',
        instant: true,
      },
    ],
    unit: 'percentunit',
    min: 0,
    max: 1,
    width: 8,
  }),
  barGauge({
    title: 'Données de plus de 3 ans par type d’espace',
    description: 'Volume non modifié depuis plus de trois ans, par type d’espace.',
    queries: [{ expr: `sum by (kind) (${fleet(`scribe_space_age_bytes{${F}, age="gt3y"}`)})`, legend: '{{kind}}', instant: true }],
    unit: 'bytes',
    width: 8,
  }),
]);

const migration = collapsedRow('Volume à migrer', [
  barGauge({
    title: 'Volume à migrer par établissement',
    description: 'Octets qui partiront vers KoXo pour chaque établissement (hors recyclage et importation).',
    queries: [
      {
        expr: withSchoolName(`sum by (uai) (${fleet(`scribe_space_bytes{${F}, ${TO_MIGRATE}}`)})`),
        legend: '{{name}} ({{uai}})',
        instant: true,
      },
    ],
    unit: 'bytes',
  }),
  barGauge({
    title: 'Fichiers à migrer par établissement',
    description: 'Nombre de fichiers qui partiront vers KoXo pour chaque établissement.',
    queries: [{ expr: `sum by (uai) (${fleet(`scribe_space_files{${F}, ${TO_MIGRATE}}`)})`, legend: '{{uai}}', instant: true }],
    unit: 'short',
  }),
]);

const growth = collapsedRow('Croissance', [
  timeseries({
    title: 'Volume par établissement',
    description: 'Évolution du volume total des espaces de chaque établissement, rapport après rapport.',
    queries: [{ expr: `sum by (uai) (${fleet(`scribe_space_bytes{${F}}`)})`, legend: '{{uai}}' }],
    unit: 'bytes',
  }),
  timeseries({
    title: 'Volume par type d’espace',
    description: 'Évolution du volume de chaque type d’espace sur la sélection.',
    queries: [{ expr: `sum by (kind) (${fleet(`scribe_space_bytes{${F}}`)})`, legend: '{{kind}}' }],
    unit: 'bytes',
    stacked: true,
  }),
  barGauge({
    title: 'Croissance sur la période par établissement',
    description: 'Variation du volume des espaces de chaque établissement sur la période affichée.',
    queries: [{ expr: `sum by (uai) (${fleet(`delta(scribe_space_bytes{${F}}[$__range])`)})`, legend: '{{uai}}', instant: true }],
    unit: 'bytes',
  }),
  table({
    title: 'Âge du dernier rapport par serveur',
    description: 'Temps écoulé depuis le dernier rapport nocturne de chaque serveur : un rapport ancien fausse les chiffres ci-dessus.',
    queries: [{ expr: `time() - ${fleet(`scribe_report_timestamp_seconds{${F}}`)}`, table: true }],
    width: 12,
  })
    .withTransformation(organizeColumns({ uai: 'UAI', server: 'Serveur', Value: 'Âge du rapport' }))
    .overrideByName('Âge du rapport', [{ id: 'unit', value: 'dtdurations' }]),
]);

/** Builds the « Quotas et migration KoXo » dashboard. */
export function buildQuotasKoxo(): Dashboard {
  const builder = new DashboardBuilder('Quotas et migration KoXo')
    .uid(QUOTAS_KOXO_UID)
    .description('Quotas par établissement et profil, comptes hors quota, plus gros espaces, âge des données et volume à migrer vers KoXo.')
    .tags(['vigie', 'scribe', 'koxo'])
    .editable()
    .tooltip(DashboardCursorSync.Crosshair)
    .refresh('1h')
    .time({ from: 'now-30d', to: 'now' })
    .timezone('browser')
    .withVariable(datasourceVariable());
  for (const v of fleetVariables(true)) builder.withVariable(v);
  for (const panel of headline) builder.withPanel(panel);
  for (const row of [bySchool, overQuota, largest, age, migration, growth]) builder.withRow(row);
  return assignPanelIds(builder.build());
}
