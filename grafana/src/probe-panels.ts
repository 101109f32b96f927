// Panels about the probes of the nightly report (scribe_probe_*), for the « Serveur Scribe » dashboard.
import { barGauge, stat, valueMapping } from './lib/panels.ts';

/** `selector`: the label matchers of the dashboard (its variables). */
export function probePanels(selector: string) {
  return [
    stat({
      title: 'Sondes du rapport nocturne',
      description:
        'Pour chaque sonde du scan nocturne (profiles : annuaire des comptes, quota : repquota, spaces : tailles des espaces) : « OK » si elle a réussi au dernier rapport, sinon le nombre de rapports de suite (un par nuit) où elle a échoué. Une alerte part à partir de deux nuits.',
      queries: [{ expr: `max by (probe) (scribe_probe_consecutive_failures{${selector}})`, legend: '{{probe}}', instant: true }],
      mappings: [
        valueMapping([
          ['0', 'OK', 'green'],
          ['1', 'Échec (1 nuit)', 'orange'],
        ]),
      ],
      unit: 'suffix: nuits en échec',
      thresholds: [
        [1, 'orange'],
        [2, 'red'],
      ],
      width: 12,
    }),
    barGauge({
      title: 'Durée des sondes',
      description: 'Temps mis par chaque sonde lors du dernier scan nocturne.',
      queries: [{ expr: `max by (probe) (scribe_probe_duration_seconds{${selector}})`, legend: '{{probe}}', instant: true }],
      unit: 's',
    }),
  ];
}
