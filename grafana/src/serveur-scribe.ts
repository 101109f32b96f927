// « Serveur Scribe »: everything about one server (availability, system, quotas, spaces, nightly report).
import { DashboardBuilder, DashboardCursorSync, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { assignPanelIds } from './lib/finalize.ts';
import { barGauge, collapsedRow, organizeColumns, stat, stateTimeline, table, timeseries, valueMapping, QUOTA_FILL } from './lib/panels.ts';
import { probePanels } from './probe-panels.ts';
import { CAUSES_IN_SENTENCE, CAUSE_LABEL_MAPPING, DAY, STATES_IN_SENTENCE, STATE_CODE_MAPPING, stateCode, dataAgeQueries, fleet } from './lib/promql.ts';
import { SERVER_FILTER as S, datasourceVariable, fleetVariables } from './lib/variables.ts';

export const SERVEUR_SCRIBE_UID = 'vigie-serveur-scribe';

const headline = [
  stat({
    title: 'État',
    description: `État actuel du serveur vu par le collecteur : ${STATES_IN_SENTENCE}.`,
    queries: [{ expr: stateCode(S), instant: true }],
    mappings: [STATE_CODE_MAPPING],
    baseColor: 'text',
  }),
  stat({
    title: 'Dernier contact',
    description: 'Temps écoulé depuis le dernier message reçu de ce serveur.',
    queries: [{ expr: `time() - max(scribe_server_last_seen_timestamp_seconds{${S}})`, instant: true }],
    unit: 'dtdurations',
    thresholds: [
      [300, 'orange'],
      [900, 'red'],
    ],
  }),
  stat({
    title: 'Allumé depuis',
    description: "Durée depuis le dernier démarrage du serveur (dernière valeur transmise par l'agent).",
    queries: [{ expr: `max(scribe_server_uptime_seconds{${S}})`, instant: true }],
    unit: 'dtdurations',
    baseColor: 'blue',
  }),
  stat({
    title: 'Charge (1 min)',
    description: 'Charge moyenne du système sur la dernière minute (nombre de tâches prêtes ou en attente de disque).',
    queries: [{ expr: `max(scribe_server_load1{${S}})`, instant: true }],
    decimals: 2,
    thresholds: [
      [4, 'orange'],
      [8, 'red'],
    ],
  }),
  stat({
    title: 'Mémoire utilisée',
    description: 'Part de la mémoire vive qui n’est pas disponible pour de nouveaux programmes.',
    queries: [
      { expr: `max(1 - ${fleet(`scribe_server_memory_available_bytes{${S}}`)} / ${fleet(`scribe_server_memory_total_bytes{${S}}`)})`, instant: true },
    ],
    unit: 'percentunit',
    thresholds: [
      [0.85, 'orange'],
      [0.95, 'red'],
    ],
  }),
  stat({
    title: 'Disque le plus rempli',
    description: 'Taux de remplissage du système de fichiers le plus plein (/ ou /home).',
    queries: [
      { expr: `max(1 - ${fleet(`scribe_filesystem_avail_bytes{${S}}`)} / ${fleet(`scribe_filesystem_size_bytes{${S}}`)})`, instant: true },
    ],
    unit: 'percentunit',
    thresholds: [
      [0.85, 'orange'],
      [0.95, 'red'],
    ],
  }),
  stat({
    title: 'Coupures sur la période',
    description: 'Nombre de coupures (toutes causes) enregistrées sur la période affichée.',
    queries: [{ expr: `sum(${fleet(`increase(scribe_server_outages_total{${S}}[$__range])`)})`, instant: true }],
    decimals: 0,
    thresholds: [[1, 'orange']],
    noValue: 'Aucune coupure enregistrée',
  }),
  stat({
    title: 'Fenêtre de maintenance',
    description: "Indique si une fenêtre de maintenance s'applique en ce moment à ce serveur : il doit alors rester allumé.",
    queries: [{ expr: `max(scribe_maintenance_window_active{${S}})`, instant: true }],
    mappings: [
      valueMapping([
        ['0', 'Aucune', 'text'],
        ['1', 'En cours', 'blue'],
      ]),
    ],
    baseColor: 'text',
  }),
  stat({
    title: 'Quota utilisé',
    description: 'Espace utilisé par les comptes rapporté à la somme de leurs quotas (comptes ayant un quota).',
    queries: [{ expr: `sum(${fleet(`scribe_quota_used_bytes{${S}}`)}) / sum(${fleet(`scribe_quota_limit_bytes{${S}}`)} > 0)`, instant: true }],
    unit: 'percentunit',
    thresholds: [
      [0.8, 'orange'],
      [0.9, 'red'],
    ],
    noValue: 'Pas encore de rapport',
  }),
  stat({
    title: 'Utilisateurs hors quota',
    description: 'Comptes au-delà de leur quota souple (en période de grâce) ou dur (bloqués en écriture).',
    queries: [{ expr: `sum(${fleet(`scribe_quota_users{${S}, status=~"over_soft|over_hard"}`)})`, instant: true }],
    thresholds: [[1, 'orange']],
    noValue: 'Pas encore de rapport',
  }),
  stat({
    title: 'Volume des espaces',
    description: 'Somme des tailles (octets alloués sur disque) de tous les espaces mesurés : perso, partages, mails, corbeille…',
    queries: [{ expr: `sum(${fleet(`scribe_space_bytes{${S}}`)})`, instant: true }],
    unit: 'bytes',
    baseColor: 'blue',
    noValue: 'Pas encore de rapport',
  }),
  stat({
    title: 'Dernier rapport nocturne',
    description: "Âge du dernier rapport de quotas et d'espaces (scan nocturne). Au-delà de deux jours, le scan ne s'exécute plus.",
    queries: [{ expr: `time() - max(scribe_report_timestamp_seconds{${S}})`, instant: true }],
    unit: 'dtdurations',
    thresholds: [
      [1.25 * DAY, 'orange'],
      [2 * DAY, 'red'],
    ],
    noValue: 'Aucun rapport reçu',
  }),
];

const availability = collapsedRow('Disponibilité et démarrages', [
  stateTimeline({
    title: 'État du serveur',
    description: 'Frise des états successifs du serveur sur la période.',
    queries: [{ expr: stateCode(S), legend: '{{server}}' }],
    mappings: [STATE_CODE_MAPPING],
    height: 5,
  }),
  timeseries({
    title: 'Heure du dernier démarrage',
    description: 'Date de démarrage déclarée par le serveur : chaque marche de la courbe est un redémarrage.',
    queries: [{ expr: `${fleet(`scribe_server_boot_timestamp_seconds{${S}}`)} * 1000`, legend: '{{server}}' }],
    unit: 'dateTimeAsLocal',
    width: 12,
  }),
  table({
    title: 'Coupures par cause',
    description:
      `Coupures enregistrées depuis l'inscription, par cause : ${CAUSES_IN_SENTENCE}.`,
    queries: [{ expr: `sum by (cause) (${fleet(`scribe_server_outages_total{${S}}`)})`, table: true }],
    mappings: [CAUSE_LABEL_MAPPING],
    noValue: 'Aucune coupure enregistrée',
    width: 12,
  }).withTransformation(organizeColumns({ cause: 'Cause', Value: 'Coupures' })),
]);

const system = collapsedRow('Système', [
  timeseries({
    title: 'Charge du système',
    description: 'Charge moyenne sur 1, 5 et 15 minutes.',
    queries: [
      { expr: fleet(`scribe_server_load1{${S}}`), legend: '1 min' },
      { expr: fleet(`scribe_server_load5{${S}}`), legend: '5 min' },
      { expr: fleet(`scribe_server_load15{${S}}`), legend: '15 min' },
    ],
  }),
  timeseries({
    title: 'Mémoire',
    description: 'Mémoire vive totale et mémoire disponible pour de nouveaux programmes.',
    queries: [
      { expr: fleet(`scribe_server_memory_total_bytes{${S}}`), legend: 'Totale' },
      { expr: fleet(`scribe_server_memory_available_bytes{${S}}`), legend: 'Disponible' },
    ],
    unit: 'bytes',
  }),
  barGauge({
    title: 'Remplissage des systèmes de fichiers',
    description: 'Part occupée de chaque système de fichiers surveillé (/ et /home).',
    queries: [
      {
        expr: `1 - ${fleet(`scribe_filesystem_avail_bytes{${S}}`)} / ${fleet(`scribe_filesystem_size_bytes{${S}}`)}`,
        legend: '{{mountpoint}}',
        instant: true,
      },
    ],
    unit: 'percentunit',
    min: 0,
    max: 1,
    thresholds: [
      [0.85, 'orange'],
      [0.95, 'red'],
    ],
  }),
  timeseries({
    title: "Décalage d'horloge",
    description:
      "Écart entre l'horloge du serveur et celle du collecteur (positif : le serveur est en avance), corrigé du temps de trajet des messages. Au-delà de 5 minutes, Kerberos refuse les tickets et les ouvertures de session sur l'Active Directory échouent (alerte ScribeClockSkew).",
    queries: [{ expr: fleet(`scribe_server_clock_skew_seconds{${S}}`), legend: 'décalage' }],
    unit: 's',
    thresholds: [
      [-300, 'red'],
      [-60, 'orange'],
      [60, 'green'],
      [300, 'orange'],
    ],
  }),
  timeseries({
    title: 'Espace libre par système de fichiers',
    description: 'Octets encore disponibles pour les utilisateurs sur chaque système de fichiers.',
    queries: [{ expr: fleet(`scribe_filesystem_avail_bytes{${S}}`), legend: '{{mountpoint}}' }],
    unit: 'bytes',
  }),
  timeseries({
    title: 'Onduleur : charge et passage sur batterie',
    description:
      "Charge de la batterie de l'onduleur (NUT, lu par l'agent avec upsc) et périodes sur batterie (1 = courant coupé, le serveur tourne sur l'onduleur). Vide si aucun onduleur n'est connu.",
    queries: [
      { expr: fleet(`scribe_ups_charge_ratio{${S}}`), legend: 'Charge ({{ups}})' },
      { expr: fleet(`scribe_ups_on_battery{${S}}`), legend: 'Sur batterie ({{ups}})' },
    ],
    unit: 'percentunit',
    min: 0,
    max: 1,
  }),
  timeseries({
    title: 'Onduleur : autonomie restante',
    description: "Autonomie de la batterie de l'onduleur à la charge actuelle, selon l'onduleur (NUT battery.runtime).",
    queries: [{ expr: fleet(`scribe_ups_runtime_seconds{${S}}`), legend: '{{ups}}' }],
    unit: 's',
    min: 0,
  }),
]);

const quotas = collapsedRow('Quotas', [
  barGauge({
    title: 'Quota utilisé par profil',
    description: 'Espace utilisé rapporté à la somme des quotas, pour les élèves, enseignants, administratifs et autres comptes.',
    queries: [
      {
        expr: `sum by (profile) (${fleet(`scribe_quota_used_bytes{${S}}`)}) / sum by (profile) (${fleet(`scribe_quota_limit_bytes{${S}}`)} > 0)`,
        legend: '{{profile}}',
        instant: true,
      },
    ],
    ...QUOTA_FILL,
  }),
  barGauge({
    title: 'Volume utilisé par profil',
    description: 'Octets comptés par les quotas disque pour chaque profil de comptes.',
    queries: [{ expr: `sum by (profile) (${fleet(`scribe_quota_used_bytes{${S}}`)})`, legend: '{{profile}}', instant: true }],
    unit: 'bytes',
  }),
  barGauge({
    title: 'Comptes par état de quota',
    description: 'Nombre de comptes dans leur quota, au-delà du quota souple (période de grâce) et au-delà du quota dur.',
    queries: [
      { expr: `sum(${fleet(`scribe_quota_users{${S}, status="ok"}`)})`, legend: 'Dans le quota', instant: true },
      { expr: `sum(${fleet(`scribe_quota_users{${S}, status="over_soft"}`)})`, legend: 'Quota souple dépassé', instant: true },
      { expr: `sum(${fleet(`scribe_quota_users{${S}, status="over_hard"}`)})`, legend: 'Quota dur atteint', instant: true },
    ],
  }),
  table({
    title: 'Plus gros consommateurs',
    description: 'Les comptes qui utilisent le plus d’espace selon les quotas (les 10 premiers par serveur).',
    noValue: 'Pas encore de rapport',
    queries: [{ expr: `topk(10, ${fleet(`scribe_quota_top_user_used_bytes{${S}}`)})`, table: true }],
    unit: 'bytes',
    width: 12,
  }).withTransformation(organizeColumns({ login: 'Identifiant', profile: 'Profil', Value: 'Utilisé' }, ['uai', 'server'])),
]);

const spaces = collapsedRow('Espaces et rapport nocturne', [
  barGauge({
    title: 'Taille par type d’espace',
    description: 'Octets alloués sur disque par type d’espace : perso, classes, options, commun, Salle_des_profs, Mediaprof, mails, recyclage, importation…',
    queries: [{ expr: `sum by (kind) (${fleet(`scribe_space_bytes{${S}}`)})`, legend: '{{kind}}', instant: true }],
    unit: 'bytes',
  }),
  barGauge({
    title: 'Fichiers par type d’espace',
    description: 'Nombre de fichiers par type d’espace.',
    queries: [{ expr: `sum by (kind) (${fleet(`scribe_space_files{${S}}`)})`, legend: '{{kind}}', instant: true }],
    unit: 'short',
  }),
  barGauge({
    title: 'Âge des données',
    description: 'Volume des fichiers selon la date de leur dernière modification.',
    queries: dataAgeQueries(S),
    unit: 'bytes',
  }),
  stat({
    title: 'Durée du dernier scan',
    description: 'Temps mis par le dernier scan nocturne des quotas et des espaces.',
    queries: [{ expr: `max(scribe_scan_duration_seconds{${S}})`, instant: true }],
    unit: 's',
    baseColor: 'blue',
    width: 6,
  }),
  stat({
    title: 'Dernier scan complet ?',
    description: 'Un scan « partiel » a atteint son budget de temps : ses chiffres sont des minima.',
    queries: [{ expr: `max(scribe_scan_partial{${S}})`, instant: true }],
    mappings: [
      valueMapping([
        ['0', 'Complet', 'green'],
        ['1', 'Partiel (budget de temps atteint)', 'orange'],
      ]),
    ],
    width: 6,
  }),
  ...probePanels(S),
]);

/** Builds the « Serveur Scribe » dashboard (one server at a time). */
export function buildServeurScribe(): Dashboard {
  const builder = new DashboardBuilder('Serveur Scribe')
    .uid(SERVEUR_SCRIBE_UID)
    .description('Un serveur Scribe en détail : disponibilité, démarrages, charge, mémoire, disques, quotas et espaces.')
    .tags(['vigie', 'scribe'])
    .editable()
    .tooltip(DashboardCursorSync.Crosshair)
    .refresh('1m')
    .time({ from: 'now-7d', to: 'now' })
    .timezone('browser')
    .withVariable(datasourceVariable());
  for (const v of fleetVariables(false)) builder.withVariable(v);
  for (const panel of headline) builder.withPanel(panel);
  for (const row of [availability, system, quotas, spaces]) builder.withRow(row);
  return assignPanelIds(builder.build());
}
