import { AppError } from '../../shared/errors.ts';

/** `/proc/uptime`: "<seconds since boot> <idle seconds>". */
export function parseUptime(text: string): number {
  const m = /^\s*([0-9]+(?:\.[0-9]+)?)\s/.exec(text);
  if (!m) throw new AppError('ERR_PROC_PARSE', `/proc/uptime: expected "<seconds> <idle>", got '${text.trim().slice(0, 40)}'`);
  return Number(m[1]);
}

/** `/proc/loadavg`: "0.12 0.20 0.25 1/234 5678". */
export function parseLoadavg(text: string): { load1: number; load5: number; load15: number } {
  const m = /^\s*([0-9.]+)\s+([0-9.]+)\s+([0-9.]+)\s/.exec(text);
  if (!m) throw new AppError('ERR_PROC_PARSE', `/proc/loadavg: expected three load averages, got '${text.trim().slice(0, 40)}'`);
  return { load1: Number(m[1]), load5: Number(m[2]), load15: Number(m[3]) };
}

/** `/proc/meminfo`: MemTotal and MemAvailable (kB) in bytes. */
export function parseMeminfo(text: string): { totalBytes: number; availableBytes: number } {
  const kb = (key: string): number => {
    const m = new RegExp(`^${key}:\\s+([0-9]+)\\s*kB`, 'm').exec(text);
    if (!m) throw new AppError('ERR_PROC_PARSE', `/proc/meminfo: expected a line '${key}: <n> kB'`);
    return Number(m[1]) * 1024;
  };
  return { totalBytes: kb('MemTotal'), availableBytes: kb('MemAvailable') };
}
