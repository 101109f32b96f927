// Builds Notification values for notifier and message tests: a plausible default, overridable per field.
import type { Notification } from '../../collector/notifiers/notifier.ts';

type Overrides = Partial<Omit<Notification, 'server'>> & { server?: Partial<Notification['server']> };

export function makeNotification(overrides: Overrides = {}): Notification {
  const { server, ...rest } = overrides;
  const since = rest.since ?? new Date('2025-07-12T12:02:00Z'); // 14:02 in Paris (CEST)
  return {
    id: 'outbox-1',
    alertKey: `0860021F/scribe/${since.getTime()}`,
    kind: 'down',
    severity: 'critical',
    state: 'offline',
    cause: 'power_loss',
    since,
    at: new Date(since.getTime() + 3_000),
    window: { name: 'Bascule 2025', endsAt: new Date('2025-09-12T21:59:59Z'), timeZone: 'Europe/Paris' },
    generatorUrl: 'http://collecteur.example/api/v1/servers/0860021F/scribe',
    ...rest,
    server: { uai: '0860021F', machine: 'scribe', name: 'Collège Jean Moulin', academie: 'Poitiers', ...server },
  };
}
