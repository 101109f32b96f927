import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createAgent } from '../../../agent/agent.ts';
import type { MessageKind, SendResult, Sender } from '../../../agent/delivery/sender.ts';
import type { AgentIdentity } from '../../../agent/identity/resolve-identity.ts';
import type { SystemInfo } from '../../../agent/system/system-info.ts';
import { FakeClock } from '../../../shared/testing/fake-clock.ts';
import { HeartbeatSchema, EventSchema } from '../../../shared/protocol/index.ts';
import { protocolError } from '../../../shared/testing/validate-message.ts';

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

describe('createAgent', () => {
  it('builds a heartbeat that matches the protocol schema, with the boot time from the uptime', async () => {
    const sender = new ScriptedSender(() => ({ status: 'sent', outcome: 'accepted' }));
    const clock = new FakeClock('2025-07-10T08:00:00Z');
    const agent = createAgent({ identity, system, sender, clock, logger, heartbeatIntervalSeconds: 60, heartbeatJitterRatio: 0 });
    const hb = await agent.beatOnce();
    expect(protocolError(HeartbeatSchema, hb)).toBeUndefined();
    expect(hb).toMatchObject({ bootTime: '2025-07-10T07:00:00.000Z', uptimeSeconds: 3600, intervalSeconds: 60, sentAt: '2025-07-10T08:00:00.000Z' });
  });

  it('never throws when the network fails, and retries unsent events at the next beat', async () => {
    let down = true;
    const sender = new ScriptedSender(() => (down ? { status: 'retryable', error: 'ECONNREFUSED' } : { status: 'sent', outcome: 'accepted' }));
    const agent = createAgent({ identity, system, sender, clock: new FakeClock(), logger, heartbeatIntervalSeconds: 60, heartbeatJitterRatio: 0, random: () => 0.99 });
    await agent.start(); // queues `startup`; the first beat is scheduled with jitter 0
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
    const a = createAgent({ identity, system, sender, clock: new FakeClock(), logger, heartbeatIntervalSeconds: 60, heartbeatJitterRatio: 0 });
    await expect(a.beatOnce()).resolves.toBeUndefined();
    const b = createAgent({ identity, system: broken, sender, clock: new FakeClock(), logger, heartbeatIntervalSeconds: 60, heartbeatJitterRatio: 0 });
    await expect(b.beatOnce()).resolves.toBeUndefined();
  });

  it('announces a shutdown with the signal as the reason', async () => {
    const sender = new ScriptedSender(() => ({ status: 'sent', outcome: 'accepted' }));
    const agent = createAgent({ identity, system, sender, clock: new FakeClock('2025-07-10T08:00:00Z'), logger, heartbeatIntervalSeconds: 60, heartbeatJitterRatio: 0.1, random: () => 0.5 });
    await agent.start();
    await agent.stop({ announce: 'SIGTERM' });
    const events = sender.sent.filter((s) => s.kind === 'event').map((s) => s.body as { type: string; reason?: string });
    expect(events.map((e) => e.type)).toEqual(['startup', 'shutdown']);
    expect(events[1]!.reason).toBe('SIGTERM');
  });
});
