/** A liveness pipeline on a real SQLite store, a FakeClock and a recording notifier (no HTTP, no timers). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aHeartbeat, anEvent } from '../../shared/testing/messages.ts';
import type { UpsReading } from '../../shared/protocol/index.ts';
import { FakeClock } from '../../shared/testing/fake-clock.ts';
import { toLivenessSettings, type LivenessConfigRaw, type LivenessSettings } from '../../collector/config/liveness-config.ts';
import { Value } from '@sinclair/typebox/value';
import { LivenessConfigSchema } from '../../collector/config/liveness-config.ts';
import { enrolServer } from '../../collector/enrolment.ts';
import type { GroupingSettings } from '../../collector/config/grouping-config.ts';
import type { GroupedNotification, Notification, Notifier, NotifierChannel, NotifyResult } from '../../collector/notifiers/notifier.ts';
import { createDispatcher, type Dispatcher } from '../../collector/services/dispatcher.ts';
import { ingestEvent } from '../../collector/services/ingest-event.ts';
import { ingestHeartbeat } from '../../collector/services/ingest-heartbeat.ts';
import { createLivenessSweep, type LivenessSweep } from '../../collector/services/liveness-sweep.ts';
import { openDatabase, type Db } from '../../collector/storage/database.ts';
import { createStore, type Store } from '../../collector/storage/store.ts';

/** A notifier that records what it is given and answers what the test says. */
export class RecordingNotifier implements Notifier {
  readonly sent: Notification[] = [];
  readonly attempts: Notification[] = [];
  answer: () => NotifyResult = () => ({ status: 'sent' });
  onSend: (n: Notification) => void | Promise<void> = () => {};
  constructor(readonly channel: NotifierChannel = 'webhook') {}
  async send(n: Notification): Promise<NotifyResult> {
    this.attempts.push(n);
    await this.onSend(n);
    const result = this.answer();
    if (result.status === 'sent') this.sent.push(n);
    return result;
  }
  /** `kind cause severity` of each notification delivered, e.g. `down power_loss critical`. */
  summary(): string[] {
    return this.sent.map((n) => `${n.kind} ${n.cause} ${n.severity}`);
  }
}

/** A recording notifier that also groups (like the e-mail and webhook channels). */
export class GroupRecordingNotifier extends RecordingNotifier {
  readonly groups: GroupedNotification[] = [];
  groupAnswer: () => NotifyResult | Promise<NotifyResult> = () => ({ status: 'sent' });
  async sendGroup(g: GroupedNotification): Promise<NotifyResult> {
    const result = await this.groupAnswer();
    if (result.status === 'sent') this.groups.push(g);
    return result;
  }
  /** What the channel received, one entry per message: `kind×count` (`down×1` for a single notice). */
  messages(): string[] {
    return [...this.sent.map((n) => `${n.kind}×1`), ...this.groups.map((g) => `${g.kind}×${g.notifications.length}`)];
  }
}

export interface Harness {
  readonly clock: FakeClock;
  store: Store;
  readonly settings: LivenessSettings;
  readonly notifier: RecordingNotifier;
  sweep: LivenessSweep;
  dispatcher: Dispatcher;
  readonly dbPath: string;
  /** The raw better-sqlite3 handle under the store (for SQL the store does not offer). */
  readonly db: Db;
  enrol(uai: string, machine: string): Promise<number>;
  heartbeat(uai: string, machine: string, over?: { bootTime?: string; intervalSeconds?: number; ups?: UpsReading }): Promise<void>;
  /** `at`: the event's own time (default now), e.g. a shutdown spooled by the agent and delivered late. */
  event(uai: string, machine: string, type: 'startup' | 'shutdown', bootTime?: string, at?: string): Promise<void>;
  /** Moves the clock by `ms`, sweeping and dispatching every `stepMs` like the loop. */
  run(ms: number, stepMs?: number, each?: () => void | Promise<void>): Promise<void>;
  tick(): Promise<void>;
  /** Closes and reopens the database (a collector restart), applying the start-up grace. */
  restart(): Promise<number>;
  close(): Promise<void>;
}

export const BOOT = '2025-07-01T06:30:00.000Z';

export interface HarnessOptions {
  /** Real notifiers to use instead of the recording one (built from the harness clock). */
  readonly notifiers?: (clock: FakeClock) => Notifier[];
  /** Interval the heartbeats announce (default 60 s). */
  readonly intervalSeconds?: number;
  /** Grouping of the notifiers that implement `sendGroup` (off by default). */
  readonly grouping?: GroupingSettings;
}

export function livenessHarness(config: Partial<LivenessConfigRaw> = {}, start: string | number = '2025-07-10T08:00:00Z', options: HarnessOptions = {}): Harness {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-liveness-'));
  const dbPath = join(dir, 'vigie.db');
  const clock = new FakeClock(start);
  const raw = Value.Default(LivenessConfigSchema, { ...config }) as LivenessConfigRaw;
  const settings = toLivenessSettings(raw);
  const notifier = new RecordingNotifier();
  const extra = options.notifiers?.(clock);
  let db: Db = openDatabase(dbPath);
  const make = (s: Store) => ({
    sweep: createLivenessSweep({ store: s, settings }),
    dispatcher: createDispatcher({
      store: s,
      notifiers: extra ?? [notifier],
      publicUrl: 'http://collector.test',
      rng: () => 0.5,
      ...(options.grouping ? { grouping: options.grouping } : {}),
    }),
  });
  const store0 = createStore(db);
  const h: Harness = {
    clock,
    store: store0,
    settings,
    notifier,
    ...make(store0),
    dbPath,
    get db() {
      return db;
    },
    async enrol(uai, machine) {
      return (await enrolServer(h.store, { uai, machine, name: `Collège ${uai}` }, clock.now())).id;
    },
    async heartbeat(uai, machine, over = {}) {
      const server = (await h.store.servers.findByIdentity(uai, machine))!;
      const now = clock.now();
      await ingestHeartbeat({ store: h.store, liveness: settings }, server, aHeartbeat({ server: { uai, machine }, sentAt: now.toISOString(), bootTime: BOOT, intervalSeconds: options.intervalSeconds ?? 60, ...over }), now);
    },
    async event(uai, machine, type, bootTime = BOOT, at = clock.now().toISOString()) {
      const server = (await h.store.servers.findByIdentity(uai, machine))!;
      const now = clock.now();
      await ingestEvent({ store: h.store, liveness: settings }, server, anEvent({ server: { uai, machine }, type, at, sentAt: at, bootTime }), now);
    },
    async tick() {
      await h.sweep.sweepOnce(clock.now());
      await h.dispatcher.dispatchOnce(clock.now());
    },
    async run(ms, stepMs = 1000, each) {
      for (let t = 0; t < ms; t += stepMs) {
        clock.advance(stepMs);
        await each?.();
        await h.tick();
      }
    },
    async restart() {
      await h.store.close();
      db = openDatabase(dbPath);
      h.store = createStore(db);
      Object.assign(h, make(h.store));
      return h.sweep.applyStartupGrace(clock.now());
    },
    async close() {
      await h.store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return h;
}
