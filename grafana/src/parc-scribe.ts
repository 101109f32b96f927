// « Parc Scribe »: is every server of the fleet on, which ones are not, since when and why.
import { DashboardBuilder, DashboardCursorSync, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { assignPanelIds } from './lib/finalize.ts';
import { barGaugeNone, collapsedRow, organizeColumns, stat, stateTimeline, table, timeseries, valueMapping } from './lib/panels.ts';
import { OUTAGE_CAUSES } from '../../collector/domain/liveness-state.ts';
import { CAUSE_LABELS, STATE_COUNT_LABELS, STATE_LABELS } from '../../collector/presentation/liveness-labels-fr.ts';
import { CAUSES_IN_SENTENCE, CAUSE_LABEL_MAPPING, DOWN_STATES_RE, STATES_IN_SENTENCE, UP_STATES_RE, STATE_CODE_MAPPING, STATE_LABEL_MAPPING, fleet, stateCode } from './lib/promql.ts';
import { SERVER_FILTER as F, datasourceVariable, fleetVariables } from './lib/variables.ts';

export const PARC_SCRIBE_UID = 'vigie-parc-scribe';

const WINDOW_MAPPING = valueMapping([
  ['0', 'Aucune', 'text'],
  ['1', 'En cours', 'blue'],
]);

function countInState(state: string): string {
  return `sum(${fleet(`scribe_server_state{${F}, state="${state}"}`)})`;
}

/** Servers off or shut down while a maintenance window applies to them (value 1 each). */
const OFF_DURING_WINDOW = `${fleet(`scribe_server_state{${F}, state=~"${DOWN_STATES_RE}"}`)} * on (uai, server) group_left () max by (uai, server) (scribe_maintenance_window_active{${F}})`;

const headline = [
  stat({
    title: 'Serveurs suivis',
    description: 'Nombre de serveurs Scribe inscrits dans le collecteur et non retirés, pour la sélection.',
    queries: [{ expr: `sum(${fleet(`scribe_server_state{${F}, state!="retired"}`)})`, instant: true }],
    baseColor: 'blue',
  }),
  stat({
    title: STATE_COUNT_LABELS.online,
    description: 'Serveurs dont le dernier battement de cœur est arrivé à temps.',
    queries: [{ expr: countInState('online'), instant: true }],
  }),
  stat({
    title: STATE_COUNT_LABELS.late,
    description: "Serveurs dont le battement attendu n'est pas encore arrivé, sans être encore déclarés injoignables.",
    queries: [{ expr: countInState('late'), instant: true }],
    thresholds: [[1, 'yellow']],
  }),
  stat({
    title: STATE_COUNT_LABELS.offline,
    description: "Serveurs silencieux au-delà du délai (par défaut 3 battements manqués) sans avoir annoncé d'arrêt : coupure de courant, plantage ou réseau.",
    queries: [{ expr: countInState('offline'), instant: true }],
    thresholds: [[1, 'red']],
  }),
  stat({
    title: STATE_COUNT_LABELS.shutdown,
    description: "Serveurs dont l'agent a annoncé un arrêt du système (extinction volontaire).",
    queries: [{ expr: countInState('shutdown'), instant: true }],
    thresholds: [[1, 'orange']],
  }),
  stat({
    title: STATE_COUNT_LABELS.unknown,
    description: "Serveurs inscrits dont l'agent n'a encore jamais rien envoyé (agent non installé ou mal configuré).",
    queries: [{ expr: countInState('unknown'), instant: true }],
    thresholds: [[1, 'purple']],
  }),
  stat({
    title: 'Disponibilité du parc',
    description: 'Part des serveurs suivis (non retirés) qui sont en ligne ou en retard en ce moment.',
    queries: [
      {
        expr: `sum(${fleet(`scribe_server_state{${F}, state=~"${UP_STATES_RE}"}`)}) / sum(${fleet(`scribe_server_state{${F}, state!="retired"}`)})`,
        instant: true,
      },
    ],
    unit: 'percentunit',
    baseColor: 'red',
    thresholds: [
      [0.9, 'orange'],
      [0.99, 'green'],
    ],
    width: 6,
  }),
  stat({
    title: 'Fenêtre de maintenance',
    description: "Indique si une fenêtre de maintenance (par exemple la bascule d'été) s'applique en ce moment à au moins un serveur de la sélection.",
    queries: [{ expr: `max(${fleet(`scribe_maintenance_window_active{${F}}`)})`, instant: true }],
    mappings: [WINDOW_MAPPING],
    baseColor: 'text',
    width: 6,
  }),
  stat({
    title: 'Fin de la fenêtre dans',
    description: 'Temps restant avant la fin de la fenêtre de maintenance en cours qui se termine le plus tôt.',
    queries: [
      {
        expr: `min(max by (window) (scribe_maintenance_window_end_timestamp_seconds) and on (window) (max by (window) (scribe_maintenance_window_active{${F}}) == 1)) - time()`,
        instant: true,
      },
    ],
    unit: 'dtdurations',
    baseColor: 'blue',
    noValue: 'Aucune fenêtre en cours',
    width: 6,
  }),
  stat({
    title: 'Éteints pendant la fenêtre',
    description: 'Serveurs injoignables ou éteints alors qu’une fenêtre de maintenance est en cours pour eux : le rectorat ne peut pas les maintenir à distance.',
    queries: [{ expr: `sum(${OFF_DURING_WINDOW})`, instant: true }],
    thresholds: [[1, 'red']],
    width: 6,
  }),
];

const notOnline = collapsedRow('Serveurs à surveiller', [
  table({
    title: 'Serveurs qui ne sont pas en ligne, depuis quand',
    description:
      `Chaque serveur en retard, injoignable, éteint ou jamais connecté, avec son établissement et la durée écoulée depuis son changement d'état. « ${STATE_LABELS.shutdown} » signifie que l'agent a prévenu ; « ${STATE_LABELS.offline} » signifie un silence dont la cause (coupure de courant, réseau, site entier) est établie au retour du serveur.`,
    noValue: 'Tous les serveurs sont en ligne',
    queries: [
      {
        expr: `(time() - max by (uai, server) (scribe_server_state_since_timestamp_seconds{${F}})) * on (uai, server) group_left (state) (${fleet(`scribe_server_state{${F}, state!~"online|retired"}`)} == 1) * on (uai, server) group_left (name, academie) ${fleet(`scribe_server_info{${F}}`)}`,
        table: true,
      },
    ],
    mappings: [STATE_LABEL_MAPPING],
    height: 10,
  })
    .withTransformation(
      organizeColumns({ academie: 'Académie', uai: 'UAI', name: 'Établissement', server: 'Serveur', state: 'État', Value: 'Depuis' }),
    )
    .overrideByName('Depuis', [{ id: 'unit', value: 'dtdurations' }]),
  table({
    title: "Coupures par serveur et par cause depuis l'inscription",
    description:
      `Nombre de coupures enregistrées par le collecteur pour chaque serveur, par cause : ${CAUSES_IN_SENTENCE}. Une coupure de courant ou un plantage se reconnaît à l'heure de démarrage changée sans annonce ; une coupure réseau ou collecteur, à un serveur qui n'a pas redémarré.`,
    noValue: 'Aucune coupure enregistrée',
    queries: [{ expr: `sum by (uai, server, cause) (${fleet(`scribe_server_outages_total{${F}}`)}) > 0`, table: true }],
    mappings: [CAUSE_LABEL_MAPPING],
    width: 12,
  }).withTransformation(organizeColumns({ uai: 'UAI', server: 'Serveur', cause: 'Cause', Value: 'Coupures' })),
  timeseries({
    title: 'Nouvelles coupures par cause',
    description: 'Coupures enregistrées au fil du temps, par cause, pour la sélection.',
    queries: OUTAGE_CAUSES.map((c) => ({
      // `or vector(0)`: a cause with no outage in the selection shows 0, not a missing series.
      expr: `sum(${fleet(`increase(scribe_server_outages_total{${F}, cause="${c}"}[$__rate_interval])`)}) or vector(0)`,
      legend: CAUSE_LABELS[c],
    })),
    bars: true,
    stacked: true,
    width: 12,
  }),
]);

const history = collapsedRow('Historique des états', [
  stateTimeline({
    title: 'État de chaque serveur',
    description: `Frise des états successifs de chaque serveur : ${STATES_IN_SENTENCE}.`,
    queries: [{ expr: stateCode(F), legend: '{{uai}} {{server}}' }],
    mappings: [STATE_CODE_MAPPING],
    height: 12,
  }),
  timeseries({
    title: 'Nombre de serveurs par état',
    description: 'Évolution du nombre de serveurs dans chaque état.',
    queries: [{ expr: `sum by (state) (${fleet(`scribe_server_state{${F}}`)})`, legend: '{{state}}' }],
    stacked: true,
  }),
  timeseries({
    title: 'Temps depuis le dernier contact',
    description: "Secondes écoulées depuis le dernier message reçu de chaque serveur (battement, rapport ou événement). Une courbe qui monte sans redescendre est un serveur silencieux.",
    queries: [{ expr: `time() - ${fleet(`scribe_server_last_seen_timestamp_seconds{${F}}`)}`, legend: '{{uai}} {{server}}' }],
    unit: 's',
  }),
]);

const windows = collapsedRow('Fenêtres de maintenance', [
  table({
    title: 'Serveurs concernés par une fenêtre en cours',
    description: "Serveurs auxquels s'applique en ce moment une fenêtre de maintenance, avec leur état : tous devraient être « En ligne ».",
    noValue: 'Aucune fenêtre de maintenance en cours',
    queries: [
      {
        expr: `(${fleet(`scribe_maintenance_window_active{${F}}`)} == 1) * on (uai, server) group_left (state) (${fleet(`scribe_server_state{${F}}`)} == 1) * on (uai, server) group_left (name) ${fleet(`scribe_server_info{${F}}`)}`,
        table: true,
      },
    ],
    mappings: [STATE_LABEL_MAPPING],
    width: 16,
  }).withTransformation(
    organizeColumns({ window: 'Fenêtre', uai: 'UAI', name: 'Établissement', server: 'Serveur', state: 'État' }, ['Value']),
  ),
  table({
    title: 'Fin des fenêtres en cours',
    description: 'Date de fin de chaque fenêtre de maintenance en cours.',
    noValue: 'Aucune fenêtre de maintenance en cours',
    queries: [
      {
        expr: `max by (window) (scribe_maintenance_window_end_timestamp_seconds) * 1000 and on (window) (max by (window) (scribe_maintenance_window_active{${F}}) == 1)`,
        table: true,
      },
    ],
    width: 8,
  })
    .withTransformation(organizeColumns({ window: 'Fenêtre', Value: 'Fin' }))
    .overrideByName('Fin', [{ id: 'unit', value: 'dateTimeAsLocal' }]),
]);

// Fleet figures (enrolled servers, the outbox) are read from the shared database: `fleet()` keeps one copy whatever
// the number of collectors. Pushes and response times are counted by each collector process: summed for a total,
// per instance for response times.
const collector = collapsedRow('Collecteur Vigie', [
  stat({
    title: 'Collecteurs qui répondent',
    description:
      "Nombre d'instances du collecteur (job vigie-collector) que Prometheus arrive à lire en ce moment. Avec plusieurs collecteurs partageant une base PostgreSQL, les chiffres du parc restent justes tant qu'au moins une instance répond.",
    queries: [{ expr: 'sum(up{job="vigie-collector"})', instant: true }],
    baseColor: 'red',
    thresholds: [[1, 'green']],
    height: 8,
  }),
  stat({
    title: 'Serveurs inscrits',
    description: 'Nombre de serveurs inscrits dans le collecteur (tous états confondus).',
    queries: [{ expr: `max(${fleet('vigie_enrolled_servers')})`, instant: true }],
    baseColor: 'blue',
    height: 8,
  }),
  stat({
    title: 'Notifications en attente',
    description: "Notifications (mail, webhook, Alertmanager) que le collecteur n'a pas encore réussi à envoyer ; elles sont réessayées.",
    queries: [{ expr: `sum(${fleet('vigie_notifications_pending')})`, instant: true }],
    thresholds: [[1, 'orange']],
    height: 8,
  }),
  barGaugeNone({
    title: 'Messages refusés sur la période',
    description: 'Messages des agents refusés par le collecteur, par type et motif (jeton invalide, identité non conforme, format invalide…).',
    queries: [
      {
        expr: `sum by (kind, outcome) (increase(vigie_pushes_total{outcome!~"accepted|duplicate"}[$__range]))`,
        legend: '{{kind}} {{outcome}}',
        instant: true,
      },
    ],
    width: 12,
  }),
  timeseries({
    title: 'Messages reçus par seconde',
    description: 'Battements, rapports et événements reçus des agents, par type et résultat (toutes instances du collecteur confondues).',
    queries: [{ expr: 'sum by (kind, outcome) (rate(vigie_pushes_total[$__rate_interval]))', legend: '{{kind}} {{outcome}}' }],
    unit: 'reqps',
    width: 8,
  }),
  timeseries({
    title: 'Notifications envoyées',
    description: 'Notifications envoyées par le collecteur, par canal et résultat.',
    queries: [
      { expr: `sum by (channel, outcome) (${fleet('increase(vigie_notifications_total[$__rate_interval])')})`, legend: '{{channel}} {{outcome}}' },
    ],
    bars: true,
    width: 8,
  }),
  timeseries({
    title: 'Temps de réponse du collecteur (95e centile)',
    description: 'Temps de réponse de chaque instance du collecteur, par route : 95 % des requêtes sont servies plus vite.',
    queries: [
      {
        expr: 'histogram_quantile(0.95, sum by (le, instance, route) (rate(vigie_http_request_duration_seconds_bucket[$__rate_interval])))',
        legend: '{{instance}} {{route}}',
      },
    ],
    unit: 's',
    width: 8,
  }),
]);

/** Builds the « Parc Scribe » dashboard. */
export function buildParcScribe(): Dashboard {
  const builder = new DashboardBuilder('Parc Scribe')
    .uid(PARC_SCRIBE_UID)
    .description('Disponibilité des serveurs Scribe du parc : qui est éteint, depuis quand, pourquoi, et les fenêtres de maintenance.')
    .tags(['vigie', 'scribe'])
    .editable()
    .tooltip(DashboardCursorSync.Crosshair)
    .refresh('1m')
    .time({ from: 'now-24h', to: 'now' })
    .timezone('browser')
    .withVariable(datasourceVariable());
  for (const v of fleetVariables(true)) builder.withVariable(v);
  for (const panel of headline) builder.withPanel(panel);
  for (const row of [notOnline, history, windows, collector]) builder.withRow(row);
  return assignPanelIds(builder.build());
}
