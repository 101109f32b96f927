// French wording of where a maintenance window stands (the availability report's header).
import type { WindowStatus } from '../domain/maintenance-windows.ts';

export const WINDOW_STATUS_LABELS: Readonly<Record<WindowStatus, string>> = {
  not_started: "La période n'a pas commencé : aucun chiffre à ce jour.",
  in_progress: "Période en cours : chiffres arrêtés à l'heure du rapport.",
  over: 'Période terminée.',
};
