// A real Alertmanager (Debian prometheus-alertmanager) receives the alert from the notifier, shows it firing,
// notifies its webhook receiver, then resolves it when the notifier sends kind 'up'.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlertmanagerNotifier } from '../../../../collector/notifiers/alertmanager-notifier.ts';
import { systemClock } from '../../../../shared/clock.ts';
import { startAlertmanager } from '../../../helpers/alertmanager.ts';
import type { RunningAlertmanager } from '../../../helpers/alertmanager.ts';
import { makeNotification } from '../../../helpers/notification-fixture.ts';
import { startWebhookReceiver } from '../../../helpers/webhook-receiver.ts';
import type { WebhookReceiver } from '../../../helpers/webhook-receiver.ts';
import { has } from '../../../helpers/requirements.ts';

interface AmWebhook {
  status: 'firing' | 'resolved';
  alerts: Array<{ status: string; labels: Record<string, string>; annotations: Record<string, string>; generatorURL: string }>;
}


describe.skipIf(!has('alertmanager'))('Alertmanager notifier against a real Alertmanager', () => {
  let receiver: WebhookReceiver;
  let am: RunningAlertmanager;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    am = await startAlertmanager({ webhookUrl: receiver.url });
  });

  afterAll(async () => {
    await am?.stop();
    await receiver?.close();
  });

  it('shows the alert firing, notifies the receiver, then resolves it on kind up', async () => {
    const notifier = createAlertmanagerNotifier({ url: am.url, clock: systemClock, timeoutMs: 5_000 });
    const since = new Date(systemClock.now().getTime() - 60_000);
    const down = makeNotification({ id: 'outbox-41', kind: 'down', since, at: systemClock.now(), generatorUrl: 'http://127.0.0.1:9630/api/v1/servers/0860021F/scribe' });

    expect(await notifier.send(down)).toEqual({ status: 'sent' });

    const firing = await am.alerts();
    const mine = firing.filter((a) => a.labels.uai === '0860021F' && a.labels.server === 'scribe');
    expect(mine).toHaveLength(1);
    expect(mine[0]?.status.state).toBe('active');
    expect(mine[0]?.labels).toMatchObject({ alertname: 'ScribeServerOffDuringMaintenanceWindow', severity: 'critical', cause: 'power_loss', window: 'Bascule 2025', academie: 'Poitiers' });
    expect(mine[0]?.annotations.summary).toContain('Serveur Scribe scribe — Collège Jean Moulin (0860021F) éteint');

    const firingHook = await receiver.waitFor((r) => (r.json() as AmWebhook).status === 'firing');
    const firingBody = firingHook.json() as AmWebhook;
    expect(firingBody.alerts[0]?.labels.server).toBe('scribe');
    expect(firingBody.alerts[0]?.generatorURL).toBe('http://127.0.0.1:9630/api/v1/servers/0860021F/scribe');
    expect(firingBody.alerts[0]?.annotations.description).toContain('Cause : Coupure de courant ou plantage');

    // The cause is refined on return (boot time unchanged → network); `announced` keeps the firing labels.
    const up = makeNotification({
      id: 'outbox-42',
      kind: 'up',
      state: 'online',
      cause: 'network',
      since,
      at: systemClock.now(),
      endedAt: systemClock.now(),
      announced: { cause: 'power_loss', severity: 'critical', windowName: 'Bascule 2025' },
    });
    expect(await notifier.send(up)).toEqual({ status: 'sent' });

    const resolvedHook = await receiver.waitFor((r) => (r.json() as AmWebhook).status === 'resolved');
    const resolvedBody = resolvedHook.json() as AmWebhook;
    expect(resolvedBody.alerts).toHaveLength(1);
    expect(resolvedBody.alerts[0]?.status).toBe('resolved');
    expect(resolvedBody.alerts[0]?.annotations.summary).toContain("de nouveau en ligne après 1 min d'interruption");

    const after = await am.alerts();
    expect(after.filter((a) => a.labels.server === 'scribe' && a.status.state === 'active')).toHaveLength(0);
  });

  it('shows why `announced` matters: a resolution with a refined cause label leaves the original alert firing', async () => {
    const notifier = createAlertmanagerNotifier({ url: am.url, clock: systemClock });
    const since = new Date(systemClock.now().getTime() - 30_000);
    const server = { machine: 'scribe3' };
    expect(await notifier.send(makeNotification({ server, since, cause: 'power_loss' }))).toEqual({ status: 'sent' });
    const up = makeNotification({ server, since, kind: 'up', state: 'online', cause: 'network', endedAt: systemClock.now() });
    expect(await notifier.send(up)).toEqual({ status: 'sent' });
    const active = (await am.alerts()).filter((a) => a.labels.server === 'scribe3' && a.status.state === 'active');
    expect(active.map((a) => a.labels.cause)).toEqual(['power_loss']);
  });

  it('classifies a non-Alertmanager endpoint answering 404 as a permanent failure', async () => {
    const notifier = createAlertmanagerNotifier({ url: `${am.url}/wrong-prefix`, clock: systemClock });
    const result = await notifier.send(makeNotification());
    expect(result.status).toBe('failed');
    expect(result.status === 'failed' && result.error).toMatch(/HTTP 404/);
  });

  it('still delivers the alert when the configured generatorURL is not a URL (Alertmanager would reject it)', async () => {
    const notifier = createAlertmanagerNotifier({ url: am.url, clock: systemClock });
    const result = await notifier.send(makeNotification({ server: { machine: 'scribe2' }, generatorUrl: 'not a url at all' }));
    expect(result).toEqual({ status: 'sent' });
    expect((await am.alerts()).some((a) => a.labels.server === 'scribe2')).toBe(true);
  });
});
