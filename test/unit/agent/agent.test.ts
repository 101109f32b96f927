import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createAgent, firstBeatDelayMs, type AgentDeps } from '../../../agent/agent.ts';
import { createSpool } from '../../../agent/spool/spool.ts';
import type { MessageKind, SendResult, Sender } from '../../../agent/delivery/sender.ts';
import type { AgentIdentity } from '../../../agent/identity/resolve-identity.ts';
import type { SystemInfo } from '../../../agent/system/system-info.ts';
import { FakeClock } from '../../../shared/testing/fake-clock.ts';
import { HeartbeatSchema, EventSchema } from '../../../shared/protocol/index.ts';
import { protocolError } from '../../../shared/testing/validate-message.ts';
import { MemorySpoolDir } from '../../helpers/memory-spool-dir.ts';

const identity: AgentIdentity = {
  server: { uai: '0860021F', machine: 'scribe' },
  eole: { module: 'scribe', version: '2.8' },
  uaiSource: 'test',
  machineSource: 'test',
};
const system: SystemInfo = {
  read: async () => ({
    uptimeSeconds: 3600,
    load: { load1: 0.1, load5: 0.2, load15: 0.3 },
    memory: { totalBytes: 8e9, availableBytes: 4e9 },
    filesystems: [{ mount: '/', device: '/dev/sda1', fsType: 'ext4', sizeBytes: 1e10, availBytes: 5e9 }],
  }),
};

/** A sender that records what it is given and answers from a script. */
class ScriptedSender implements Sender {
  readonly sent: { kind: MessageKind; body: unknown }[] = [];
  constructor(private readonly answer: (kind: MessageKind) => SendResult | Promise<SendResult>) {}
  async send(kind: MessageKind, body: unknown): Promise<SendResult> {
    this.sent.push({ kind, body });
    return this.answer(kind);
  }
}

const logger = pino({ level: 'silent' });

/** An agent whose spool lives in memory and sends through the same sender as its heartbeats. */
function agentWith(deps: Omit<AgentDeps, 'identity' | 'system' | 'spool' | 'logger' | 'heartbeatIntervalSeconds' | 'heartbeatJitterRatio'> & Partial<AgentDeps>, dir = new MemorySpoolDir()) {
  const spool = createSpool({ dir, sender: deps.sender, bounds: { maxBytes: 1_000_000, maxMessages: 10 }, logger });
  return createAgent({ identity, system, logger, heartbeatIntervalSeconds: 60, heartbeatJitterRatio: 0, spool, ...deps });
}

describe('createAgent', () => {
  it('builds a heartbeat that matches the protocol schema, with the boot time from the uptime', async () => {
    const sender = new ScriptedSender(() => ({ status: 'sent', outcome: 'accepted' }));
    const clock = new FakeClock('2025-07-10T08:00:00Z');
    const agent = agentWith({ sender, clock });
    const hb = await agent.beatOnce();
    expect(protocolError(HeartbeatSchema, hb)).toBeUndefined();
    expect(hb).toMatchObject({ bootTime: '2025-07-10T07:00:00.000Z', uptimeSeconds: 3600, intervalSeconds: 60, sentAt: '2025-07-10T08:00:00.000Z' });
  });

  it('never throws when the network fails, and retries unsent events at the next beat', async () => {
    let down = true;
    const sender = new ScriptedSender(() => (down ? { status: 'retryable', error: 'ECONNREFUSED' } : { status: 'sent', outcome: 'accepted' }));
    const agent = agentWith({ sender, clock: new FakeClock(), random: () => 0.99 });
    await agent.start(); // spools `startup`; the first beat is scheduled
    await agent.stop();
    await expect(agent.beatOnce()).resolves.toBeDefined(); // event fails, heartbeat still sent
    expect(sender.sent.map((s) => s.kind)).toEqual(['event', 'heartbeat']);
    down = false;
    await agent.beatOnce();
    expect(sender.sent.map((s) => s.kind)).toEqual(['event', 'heartbeat', 'event', 'heartbeat']);
    const startup = sender.sent[2]!.body;
    expect(protocolError(EventSchema, startup)).toBeUndefined();
    expect(startup).toMatchObject({ type: 'startup', bootTime: '2025-07-10T07:00:00.000Z' });
  });

  it('survives a sender that throws and a system reading that fails', async () => {
    const sender = new ScriptedSender(() => {
      throw new Error('boom');
    });
    const broken: SystemInfo = { read: async () => Promise.reject(new Error('EACCES /proc/uptime')) };
    const a = agentWith({ sender, clock: new FakeClock() });
    await expect(a.beatOnce()).resolves.toBeUndefined();
    const b = agentWith({ system: broken, sender, clock: new FakeClock() });
    await expect(b.beatOnce()).resolves.toBeUndefined();
  });

  it('announces a shutdown with the signal as the reason', async () => {
    const sender = new ScriptedSender(() => ({ status: 'sent', outcome: 'accepted' }));
    const agent = agentWith({ sender, clock: new FakeClock('2025-07-10T08:00:00Z'), heartbeatJitterRatio: 0.1, random: () => 0.5 });
    await agent.start();
    await agent.stop({ announce: 'SIGTERM' });
    const events = sender.sent.filter((s) => s.kind === 'event').map((s) => s.body as { type: string; reason?: string });
    expect(events.map((e) => e.type)).toEqual(['startup', 'shutdown']);
    expect(events[1]!.reason).toBe('SIGTERM');
  });

  it('spools the shutdown event when the collector is unreachable; the next agent on the same spool sends it first', async () => {
    const dir = new MemorySpoolDir();
    const down = new ScriptedSender(() => ({ status: 'retryable', error: 'ENETUNREACH' }));
    const first = agentWith({ sender: down, clock: new FakeClock('2025-07-10T08:00:00Z'), shutdownDeadlineMs: 1000 }, dir);
    await first.start();
    await first.stop({ announce: 'SIGTERM' });
    expect([...dir.files.keys()].map((n) => n.replace(/-[0-9a-f-]+\.json$/, ''))).toEqual(['000000000001-event', '000000000002-event']);

    const up = new ScriptedSender(() => ({ status: 'sent', outcome: 'accepted' }));
    const second = agentWith({ sender: up, clock: new FakeClock('2025-07-10T09:00:00Z') }, dir); // same directory, as after a reboot
    await second.beatOnce();
    const sent = up.sent.map((s) => (s.kind === 'event' ? (s.body as { type: string; at: string }).type : s.kind));
    expect(sent).toEqual(['startup', 'shutdown', 'heartbeat']);
    expect((up.sent[1]!.body as { at: string }).at).toBe('2025-07-10T08:00:00.000Z'); // the event keeps its own time
    expect(dir.files.size).toBe(0);
  });

  it('reports what the spool holds and dropped in the heartbeat, and leaves it out when there is nothing', async () => {
    const sender = new ScriptedSender((kind) => (kind === 'event' ? { status: 'retryable', error: 'HTTP 503' } : { status: 'sent', outcome: 'accepted' }));
    const agent = agentWith({ sender, clock: new FakeClock() });
    await agent.start();
    await agent.stop();
    const hb = await agent.beatOnce();
    expect(hb?.spool).toEqual({ pending: 1, droppedTotal: 0 });
    expect(protocolError(HeartbeatSchema, hb)).toBeUndefined();
    const quiet = await agentWith({ sender: new ScriptedSender(() => ({ status: 'sent', outcome: 'accepted' })), clock: new FakeClock() }).beatOnce();
    expect(quiet).not.toHaveProperty('spool');
  });

  it('gives up on sending the shutdown event after the deadline, leaving it spooled', async () => {
    const dir = new MemorySpoolDir();
    const hanging = new ScriptedSender(() => new Promise<SendResult>(() => undefined));
    const agent = agentWith({ sender: hanging, clock: new FakeClock(), shutdownDeadlineMs: 20 }, dir);
    await agent.stop({ announce: 'SIGTERM' });
    expect([...dir.files.keys()]).toHaveLength(1);
    expect([...dir.files.values()][0]).toContain('"type":"shutdown"');
  });
});

describe('firstBeatDelayMs', () => {
  it.each([
    ['just booted: a share of the whole interval', 120_000, 30_000],
    ['booted 9 min ago: still a boot', 540_000, 30_000],
    ['a restart long after the boot: a share of the jitter only', 86_400_000, 3_000],
  ])('%s', (_name, sinceBootMs, expected) => {
    expect(firstBeatDelayMs({ sinceBootMs, intervalSeconds: 60, jitterRatio: 0.1, random: 0.5 })).toBe(expected);
  });
});
