// Template variables: the datasource picker and the chained filters académie → établissement (UAI) → serveur.
import {
  DatasourceVariableBuilder,
  QueryVariableBuilder,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { DATASOURCE } from './panels.ts';

/** Uid of the data source provisioned by grafana/provisioning/datasources/prometheus.yml. */
export const PROVISIONED_DATASOURCE_UID = 'vigie-prometheus';

/**
 * The Prometheus datasource, chosen by the user; panels reference it by `${datasource}` (its uid). It starts
 * on the provisioned data source; Grafana falls back to the default Prometheus when that uid does not exist.
 */
export function datasourceVariable(): DatasourceVariableBuilder {
  return new DatasourceVariableBuilder('datasource')
    .label('Source de données')
    .description('Source Prometheus qui collecte le collecteur Vigie.')
    .type('prometheus')
    .current({ selected: true, text: 'Prometheus Vigie', value: PROVISIONED_DATASOURCE_UID });
}

function labelValues(name: string, label: string, text: string, description: string, selector: string, multi: boolean): QueryVariableBuilder {
  const definition = `label_values(${selector}, ${label})`;
  const v = new QueryVariableBuilder(name)
    .label(text)
    .description(description)
    .datasource(DATASOURCE)
    .query(definition)
    .definition(definition)
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.AlphabeticalAsc)
    .multi(multi)
    .includeAll(multi);
  return v;
}

/**
 * The chain of filters, all read from `scribe_server_info` (the inventory, one series per enrolled server).
 * With `multi`, each accepts several values and « All » (Grafana then joins the values into a regex, so the
 * chain still filters: never `.*`).
 */
export function fleetVariables(multi: boolean): QueryVariableBuilder[] {
  return [
    labelValues('academie', 'academie', 'Académie', 'Académie des serveurs affichés.', 'scribe_server_info', multi),
    labelValues(
      'uai',
      'uai',
      'Établissement (UAI)',
      "Code UAI de l'établissement, parmi ceux de l'académie choisie.",
      'scribe_server_info{academie=~"$academie"}',
      multi,
    ),
    labelValues(
      'server',
      'server',
      'Serveur',
      "Nom de machine du serveur Scribe, parmi ceux de l'établissement choisi.",
      'scribe_server_info{academie=~"$academie", uai=~"$uai"}',
      multi,
    ),
  ];
}

/** The label matchers every per-server query carries (the académie is already applied through `$uai`). */
export const SERVER_FILTER = 'uai=~"$uai", server=~"$server"';
