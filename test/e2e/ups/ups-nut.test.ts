/**
 * The UPS end to end with real NUT: a private upsd + dummy-ups (test/helpers/nut.ts), a real agent process that
 * discovers the UPS with `upsc -l` and reads it with `upsc` at each heartbeat (1 s), a real collector process
 * with a maintenance window around today, a signed webhook receiver and an SMTP sink.
 * - OL → OB: the « sur batterie » notice (critical: inside the window) arrives by webhook and by mail while
 *   the agent still beats, and the scribe_ups_* gauges say so;
 * - OB → OB LB, then kill -9 of the agent: the outage is classed power cut with the UPS battery exhausted.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../../../collector/notifiers/webhook-notifier.ts';
import { startNut, type NutInstance } from '../../helpers/nut.ts';
import { enrolWithCli, makeAgentRoot, scrape, startAgentProcess, startCollectorProcess, waitFor, type RunningProcess } from '../../helpers/processes.ts';
import { has } from '../../helpers/requirements.ts';
import { parseMail, startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.ts';
import { startWebhookReceiver, type ReceivedRequest, type WebhookReceiver } from '../../helpers/webhook-receiver.ts';

const SECRET = 'e2e-ups-webhook-secret-0123456789';
const ADMIN = 'e2e-ups-admin-token-0123456789';
const UAI = '0860021F';
const running: RunningProcess[] = [];
let nut: NutInstance | undefined;
let receiver: WebhookReceiver | undefined;
let smtp: SmtpSink | undefined;

afterAll(async () => {
  await Promise.all(running.splice(0).reverse().map((p) => p.stop('SIGKILL')));
  await nut?.stop();
  await receiver?.close();
  await smtp?.close();
});

interface Payload {
  kind: string;
  cause: string;
  causeDetail?: string;
  severity: string;
  state: string;
  summary: string;
  ups?: { name: string; chargeRatio?: number; runtimeSeconds?: number };
}

function verified(req: ReceivedRequest): boolean {
  const header = (name: string) => {
    const v = req.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  return verifyWebhookSignature({ secret: SECRET, signature: header('x-vigie-signature'), timestamp: header('x-vigie-timestamp'), rawBody: req.rawBody, now: new Date() }).ok;
}

function collectorConfig(dir: string, webhookUrl: string, sink: SmtpSink): string {
  const today = DateTime.now().setZone('Europe/Paris');
  const file = join(dir, 'collector.yaml');
  writeFileSync(
    file,
    [
      `adminToken: ${ADMIN}`,
      'liveness:',
      '  offlineAfter: 3s',
      '  sweepInterval: 1s',
      '  windows:',
      `    - "Bascule e2e: ${today.minus({ days: 1 }).toISODate()} → ${today.plus({ days: 1 }).toISODate()}"`,
      'notifications:',
      '  grouping: { delaySeconds: 0 }',
      '  webhook:',
      `    url: ${webhookUrl}`,
      `    secret: ${SECRET}`,
      '  email:',
      '    from: Vigie <vigie@ac-poitiers.fr>',
      '    to: [dsi@ac-poitiers.fr]',
      `    smtp: { host: ${sink.host}, port: ${sink.port} }`,
      '',
    ].join('\n'),
  );
  return file;
}

async function stateOf(url: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/servers/${UAI}/scribe`, { headers: { authorization: `Bearer ${ADMIN}` } });
  return ((await res.json()) as { state: string }).state;
}

describe.skipIf(!has('upsd', 'dummyUps', 'upsc'))('UPS end to end (real upsd + dummy-ups, agent heartbeat 1 s)', () => {
  it('« sur batterie » while the agent still beats, then the outage classed as power cut with the UPS exhausted', async () => {
    nut = await startNut({ 'ups.status': 'OL', 'battery.charge': '100', 'battery.runtime': '1920' });
    receiver = await startWebhookReceiver();
    smtp = await startSmtpSink();
    const dir = mkdtempSync(join(tmpdir(), 'vigie-e2e-ups-'));
    const collector = await startCollectorProcess({ dir, args: ['--config', collectorConfig(dir, `${receiver.url}/hook`, smtp)] });
    running.push(collector);
    const token = await enrolWithCli(collector.databasePath, UAI, 'scribe', 'Collège Jean Moulin');
    const agent = startAgentProcess({ collectorUrl: collector.url, token, rootDir: makeAgentRoot(), env: { VIGIE_UPS_HOST: nut.host } });
    running.push(agent);

    // On line power: discovered with upsc -l, gauges at 0, nothing notified.
    const ups = `uai="${UAI}",server="scribe",ups="${nut.upsName}"`;
    await waitFor('scribe_ups_on_battery 0', async () => (await scrape(collector.url, 'scribe_ups_on_battery')).includes(`scribe_ups_on_battery{${ups}} 0`) || undefined, 20_000);
    expect(await scrape(collector.url, 'scribe_ups_charge_ratio')).toContain(`scribe_ups_charge_ratio{${ups}} 1`);

    // Mains off: the UPS runs on battery, the server still beats.
    await nut.setVariables({ 'ups.status': 'OB DISCHRG', 'battery.charge': '54', 'battery.runtime': '720' });
    const onBattery = await receiver.waitFor((q) => (q.json() as Payload).kind === 'ups_on_battery', 15_000);
    expect(verified(onBattery)).toBe(true);
    const body = onBattery.json() as Payload;
    expect(body).toMatchObject({ kind: 'ups_on_battery', severity: 'critical', state: 'online', ups: { name: nut.upsName, chargeRatio: 0.54, runtimeSeconds: 720 } });
    expect(body.summary).toContain('sur batterie (charge 54 %, autonomie 12 min) pendant la période de maintenance « Bascule e2e »');
    expect(await stateOf(collector.url)).toBe('online');
    const [mail] = await smtp.waitForMails(1, 15_000);
    const parsed = parseMail(mail!.raw);
    expect(parsed.headers.get('subject')).toContain('sur batterie (charge 54 %, autonomie 12 min)');
    expect(parsed.text).toContain("Onduleur : " + nut.upsName);
    await waitFor('scribe_ups_on_battery 1', async () => (await scrape(collector.url, 'scribe_ups_on_battery')).includes(`scribe_ups_on_battery{${ups}} 1`) || undefined);
    expect(await scrape(collector.url, 'scribe_ups_runtime_seconds')).toContain(`scribe_ups_runtime_seconds{${ups}} 720`);

    // The battery runs low; the agent keeps beating and saying so.
    await nut.setVariables({ 'ups.status': 'OB LB', 'battery.charge': '8', 'battery.runtime': '95' });
    await waitFor('scribe_ups_charge_ratio 0.08', async () => (await scrape(collector.url, 'scribe_ups_charge_ratio')).includes(`scribe_ups_charge_ratio{${ups}} 0.08`) || undefined);
    expect(await stateOf(collector.url)).toBe('online');

    // The battery is exhausted: the server dies without a word.
    await agent.stop('SIGKILL');
    const down = await receiver.waitFor((q) => (q.json() as Payload).kind === 'down', 15_000);
    expect(verified(down)).toBe(true);
    const downBody = down.json() as Payload;
    expect(downBody).toMatchObject({ kind: 'down', cause: 'power_loss', causeDetail: 'ups_exhausted', severity: 'critical', state: 'offline' });
    expect(downBody.summary).toContain("batterie de l'onduleur épuisée");
    const mails = await smtp.waitForMails(2, 15_000);
    expect(parseMail(mails[1]!.raw).text).toContain("Cause : Coupure de courant ou plantage — batterie de l'onduleur épuisée");
    expect(receiver.requests.map((q) => (q.json() as Payload).kind)).toEqual(['ups_on_battery', 'down']);
  }, 120_000);
});
