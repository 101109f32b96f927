// Local midnights between two instants, for the day ticks of a timeline (pure; luxon for the time-zone arithmetic).
import { DateTime } from 'luxon';

export interface DayTick {
  /** Local midnight, epoch ms. */
  readonly ms: number;
  /** « 12/07 ». */
  readonly label: string;
}

/** Every local midnight in `[fromMs, toMs]` in `zone`, at most `limit` of them (a window is a few months at most). */
export function localMidnights(fromMs: number, toMs: number, zone: string, limit = 400): DayTick[] {
  const ticks: DayTick[] = [];
  let day = DateTime.fromMillis(fromMs, { zone }).startOf('day');
  if (day.toMillis() < fromMs) day = day.plus({ days: 1 }).startOf('day');
  while (day.toMillis() <= toMs && ticks.length < limit) {
    ticks.push({ ms: day.toMillis(), label: day.toFormat('dd/MM') });
    day = day.plus({ days: 1 }).startOf('day');
  }
  return ticks;
}
