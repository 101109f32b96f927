// The spool on a real directory: durable files, order across a restart, rejected and corrupt files moved
// aside, bounds, and a failing disk that never loses the message in flight.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { MessageKind, SendResult, Sender } from '../../../../agent/delivery/sender.ts';
import { createSpoolDir } from '../../../../agent/spool/spool-dir.ts';
import { createSpool } from '../../../../agent/spool/spool.ts';
import { MemorySpoolDir } from '../../../helpers/memory-spool-dir.ts';

const logger = pino({ level: 'silent' });
const bounds = { maxBytes: 1_000_000, maxMessages: 50 };

class ScriptedSender implements Sender {
  readonly sent: { kind: MessageKind; id: string }[] = [];
  constructor(public answer: (kind: MessageKind, id: string) => SendResult) {}
  async send(kind: MessageKind, body: unknown): Promise<SendResult> {
    const id = (body as { messageId: string }).messageId;
    this.sent.push({ kind, id });
    return this.answer(kind, id);
  }
}
const ok = (): SendResult => ({ status: 'sent', outcome: 'accepted' });
const down = (): SendResult => ({ status: 'retryable', error: 'ECONNREFUSED' });
const msg = (n: number, extra = '') => ({ messageId: `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`, extra });
const files = (dir: string, sub = '') => readdirSync(join(dir, sub)).filter((f) => f.endsWith('.json')).sort();

function tempSpool() {
  return join(mkdtempSync(join(tmpdir(), 'vigie-spool-')), 'spool');
}

describe('spool on disk', () => {
  it('keeps messages across a restart and sends them once, oldest first', async () => {
    const path = tempSpool();
    const first = createSpool({ dir: createSpoolDir(path), sender: new ScriptedSender(down), bounds, logger });
    await first.open();
    await first.put('report', msg(1));
    await first.put('event', msg(2));
    expect(await first.flush()).toBe('blocked');
    expect(files(path)).toHaveLength(2);

    // A new process (restart, reboot) on the same directory; a half-written temp file is ignored and removed.
    writeFileSync(join(path, '.tmp-000000000003-event-x.json'), '{"messageId":');
    const sender = new ScriptedSender(ok);
    const second = createSpool({ dir: createSpoolDir(path), sender, bounds, logger });
    await second.open();
    expect(second.stats()).toEqual({ pending: 2, droppedTotal: 0 });
    expect(await second.flush()).toBe('empty');
    expect(sender.sent).toEqual([
      { kind: 'report', id: msg(1).messageId },
      { kind: 'event', id: msg(2).messageId },
    ]);
    expect(readdirSync(path).filter((f) => !['rejected', 'corrupt'].includes(f))).toEqual([]);
    await second.put('event', msg(4));
    expect(files(path)[0]).toMatch(/^000000000003-event-/); // the sequence continues
  });

  it('moves a message the collector refuses for good to rejected/, and keeps one it may take later', async () => {
    const path = tempSpool();
    const answers: Record<string, SendResult> = {
      [msg(1).messageId]: { status: 'rejected', httpStatus: 400, code: 'ERR_REQUEST_INVALID', message: 'body/x: bad' },
      [msg(2).messageId]: ok(),
    };
    const sender = new ScriptedSender((_k, id) => answers[id] ?? down());
    const spool = createSpool({ dir: createSpoolDir(path), sender, bounds, logger });
    await spool.open();
    await spool.put('report', msg(1));
    await spool.put('event', msg(2));
    await spool.put('event', msg(3));
    expect(await spool.flush()).toBe('blocked');
    expect(files(path, 'rejected')).toEqual([`000000000001-report-${msg(1).messageId}.json`]);
    expect(files(path)).toEqual([`000000000003-event-${msg(3).messageId}.json`]);
  });

  it('moves a corrupt file and a foreign file to corrupt/ and goes on with the rest', async () => {
    const path = tempSpool();
    const setup = createSpool({ dir: createSpoolDir(path), sender: new ScriptedSender(down), bounds, logger });
    await setup.open();
    await setup.put('event', msg(1));
    await setup.put('event', msg(2));
    writeFileSync(join(path, files(path)[0]!), '{"messageId": "truncated');
    writeFileSync(join(path, 'notes.txt'), 'hello');
    const lines: string[] = [];
    const sender = new ScriptedSender(ok);
    const spool = createSpool({ dir: createSpoolDir(path), sender, bounds, logger: pino({ level: 'info' }, { write: (l: string) => lines.push(l) }) });
    await spool.open();
    expect(await spool.flush()).toBe('empty');
    expect(sender.sent.map((s) => s.id)).toEqual([msg(2).messageId]);
    expect(readdirSync(join(path, 'corrupt')).sort()).toEqual([`000000000001-event-${msg(1).messageId}.json`, 'notes.txt']);
    expect(lines.some((l) => l.includes('corrupt spool file'))).toBe(true);
  });

  it('stays within its bounds: the oldest report goes first, and the drop is counted', async () => {
    const path = tempSpool();
    const spool = createSpool({ dir: createSpoolDir(path), sender: new ScriptedSender(down), bounds: { maxBytes: 1_000_000, maxMessages: 3 }, logger });
    await spool.open();
    await spool.put('event', msg(1));
    await spool.put('report', msg(2));
    await spool.put('report', msg(3));
    await spool.put('event', msg(4));
    expect(files(path).map((f) => f.slice(0, 19))).toEqual(['000000000001-event-', '000000000003-report', '000000000004-event-']);
    expect(spool.stats()).toEqual({ pending: 3, droppedTotal: 1 });
  });

  it('keeps a message in memory when the disk is full, and still sends it', async () => {
    const dir = new MemorySpoolDir();
    dir.failWrites = Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    const sender = new ScriptedSender(ok);
    const spool = createSpool({ dir, sender, bounds, logger });
    await spool.open();
    await spool.put('event', msg(1));
    expect(spool.stats().pending).toBe(1);
    expect(await spool.flush()).toBe('empty');
    expect(sender.sent.map((s) => s.id)).toEqual([msg(1).messageId]);
  });

  it('works from memory when the state directory cannot be created', async () => {
    const parent = join(mkdtempSync(join(tmpdir(), 'vigie-ro-')), 'a-file');
    writeFileSync(parent, 'not a directory'); // mkdir under it fails, even as root
    const sender = new ScriptedSender(ok);
    const spool = createSpool({ dir: createSpoolDir(join(parent, 'spool')), sender, bounds, logger });
    await spool.open();
    await spool.put('event', msg(1));
    expect(await spool.flush()).toBe('empty');
    expect(sender.sent).toHaveLength(1);
  });

  it('picks up a report another process (vigie-agent scan) spooled in the same directory', async () => {
    const path = tempSpool();
    const daemonSender = new ScriptedSender(ok);
    const daemon = createSpool({ dir: createSpoolDir(path), sender: daemonSender, bounds, logger });
    await daemon.open();
    const cli = createSpool({ dir: createSpoolDir(path), sender: new ScriptedSender(down), bounds, logger });
    await cli.open();
    await cli.put('report', msg(7));
    expect(await daemon.flush()).toBe('empty');
    expect(daemonSender.sent.map((s) => s.id)).toEqual([msg(7).messageId]);
    expect(files(path)).toEqual([]);
  });
});
