/**
 * The time zone of the fleet (metropolitan France): default of maintenance windows, of the agent's scan cron,
 * the calendar of daily report snapshots, and the zone every French text shows times in unless told otherwise.
 */
export const PARIS_TIME_ZONE = 'Europe/Paris';
