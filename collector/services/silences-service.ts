/** Adding, listing and removing silences: shared by the API and the CLI. */
import { checkUai } from '../../shared/uai.ts';
import { AppError, invalidMessage } from '../../shared/errors.ts';
import { checkNewSilence, type Silence } from '../domain/silences.ts';
import type { Store } from '../storage/store.ts';

export interface SilenceInput {
  readonly uai: string;
  readonly machine?: string | null | undefined;
  readonly startsAt?: string | undefined;
  readonly endsAt: string;
  readonly reason: string;
  readonly createdBy?: string | undefined;
}

export interface SilenceView {
  readonly id: number;
  readonly uai: string;
  readonly machine: string | null;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly reason: string;
  readonly createdBy: string;
}

export const toSilenceView = (s: Silence): SilenceView => ({
  id: s.id,
  uai: s.uai,
  machine: s.machine,
  startsAt: new Date(s.startsAtMs).toISOString(),
  endsAt: new Date(s.endsAtMs).toISOString(),
  reason: s.reason,
  createdBy: s.createdBy,
});

function parseInstant(field: string, text: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}T/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) throw new AppError('ERR_SILENCE_INVALID', invalidMessage('silence', field, 'an ISO-8601 date-time, e.g. 2025-07-20T18:00:00+02:00', text));
  return ms;
}

/** Validates and stores a silence (per server when `machine` is given, else for the whole school). */
export async function addSilence(store: Store, input: SilenceInput, now: Date): Promise<SilenceView> {
  const uai = checkUai(input.uai);
  if (!uai.ok) throw new AppError('ERR_SILENCE_INVALID', `silence: uai is invalid, ${uai.reason}`);
  const machine = input.machine ?? null;
  if (machine !== null && (await store.servers.findByIdentity(uai.uai, machine)) === undefined) {
    throw new AppError('ERR_SILENCE_INVALID', invalidMessage('silence', 'machine', `an enrolled server of ${uai.uai}`, machine));
  }
  const nowMs = now.getTime();
  const startsAtMs = input.startsAt === undefined ? nowMs : parseInstant('startsAt', input.startsAt);
  const endsAtMs = parseInstant('endsAt', input.endsAt);
  const problem = checkNewSilence({ startsAtMs, endsAtMs, reason: input.reason }, nowMs);
  if (problem !== null) throw new AppError('ERR_SILENCE_INVALID', problem);
  const s = { uai: uai.uai, machine, startsAtMs, endsAtMs, reason: input.reason.trim(), createdBy: input.createdBy ?? 'admin', createdAtMs: nowMs };
  const id = await store.silences.add(s);
  return toSilenceView({ id, ...s });
}

export async function listSilences(store: Store, now: Date): Promise<SilenceView[]> {
  return (await store.silences.listCurrent(now.getTime())).map(toSilenceView);
}

/** Removes a current silence; throws ERR_SILENCE_NOT_FOUND when there is none with this id. */
export async function removeSilence(store: Store, id: number, now: Date): Promise<void> {
  if (!(await store.silences.remove(id, now.getTime()))) throw new AppError('ERR_SILENCE_NOT_FOUND', `silence ${id} does not exist or is already over`);
}
