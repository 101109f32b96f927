// French wording of durations, for every reader (mails, status page, reports, CLI texts in French).
import { formatIntegerFr } from './numbers-fr.ts';

/**
 * A duration in French, floored to its two largest units: « 0 s », « 45 s », « 12 min », « 3 h », « 2 h 14 min »,
 * « 1 j », « 2 j 5 h » (days grouped by thousands: « 1 234 j »). Negative durations count as zero.
 */
export function formatDurationFr(ms: number): string {
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  if (totalSeconds < 60) return `${totalSeconds} s`;
  const totalMinutes = Math.floor(totalSeconds / 60);
  if (totalMinutes < 60) return `${totalMinutes} min`;
  const totalHours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  if (totalHours < 24) return minutes === 0 ? `${totalHours} h` : `${totalHours} h ${minutes} min`;
  const days = formatIntegerFr(Math.floor(totalHours / 24));
  const hours = totalHours % 24;
  return hours === 0 ? `${days} j` : `${days} j ${hours} h`;
}
