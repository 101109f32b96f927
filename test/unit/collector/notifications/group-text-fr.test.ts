import { describe, expect, it } from 'vitest';
import { NO_SCHOOL_PLACES } from '../../../../collector/domain/school-place.ts';
import { planGroupedNotice } from '../../../../collector/notifications/group-plan-fr.ts';
import { renderGroupedMailFr } from '../../../../collector/notifications/group-text-fr.ts';
import type { GroupedNotification, Notification } from '../../../../collector/notifiers/notifier.ts';
import { buildGroupedWebhookPayload } from '../../../../collector/notifiers/webhook-group-payload.ts';
import { groupMessageId } from '../../../../collector/notifiers/email-notifier.ts';
import { makeNotification } from '../../../helpers/notification-fixture.ts';

const AT = new Date('2025-07-12T12:32:00Z'); // 14:32 in Paris

function group(notifications: Notification[], over: Partial<GroupedNotification> = {}): GroupedNotification {
  const kind = notifications[0]!.kind;
  const items = notifications.map((n) => ({ ...n.server, cause: n.cause, state: n.state, severity: n.severity, since: n.since }));
  return { id: 'group-7', kind, at: AT, notifications, plan: planGroupedNotice(items, NO_SCHOOL_PLACES, { kind, at: AT, timeZone: 'Europe/Paris' }), ...over };
}

const two = [
  makeNotification({ id: '1' }),
  makeNotification({ id: '2', cause: 'site', server: { machine: 'amon', name: 'Collège <Jean> Moulin' } }),
];

describe('the grouped mail', () => {
  it('lists every server with its cause, in text and in escaped HTML, with the window advice', () => {
    const mail = renderGroupedMailFr(group(two));
    expect(mail.subject).toBe('[Vigie][critique] 2 serveurs injoignables ou éteints — Collège Jean Moulin (0860021F)');
    expect(mail.text).toContain('2 serveurs injoignables ou éteints — Collège Jean Moulin (0860021F) depuis 14:02.');
    expect(mail.text).toContain('Département 86 — 1 établissement, 2 serveurs');
    expect(mail.text).toContain("    - amon : injoignable depuis 14:02 (coupure de tout l'établissement)");
    expect(mail.text).toContain('    - scribe : éteint depuis 14:02 (coupure de courant ou plantage)');
    expect(mail.text).toContain('période de maintenance « Bascule 2025 »');
    expect(mail.html).toContain('<li>scribe : éteint depuis 14:02 (coupure de courant ou plantage)</li>');
    expect(mail.html).not.toContain('<Jean>');
  });

  it('states how many notices the cap held back, and since when', () => {
    const held = group(two, { heldByCap: { count: 2, since: new Date('2025-07-12T11:40:00Z'), maxPerHour: 20 } });
    expect(renderGroupedMailFr(held).text).toContain(
      'Limite de 20 messages par heure atteinte sur ce canal : ce message regroupe 2 notifications retenues depuis 13:40.',
    );
    expect(renderGroupedMailFr(group(two)).text).not.toContain('Limite');
  });

  it('has a Message-ID of its own, the same on every retry of the batch', () => {
    const g = group(two);
    expect(groupMessageId(g, 'ac-poitiers.fr')).toBe(groupMessageId({ ...g }, 'ac-poitiers.fr'));
    expect(groupMessageId(g, 'ac-poitiers.fr')).not.toBe(groupMessageId({ ...g, id: 'group-8' }, 'ac-poitiers.fr'));
    expect(groupMessageId(g, 'ac-poitiers.fr')).toMatch(/^<vigie\.[0-9a-f]{24}@ac-poitiers\.fr>$/);
  });
});

describe('the grouped webhook payload', () => {
  it("carries kind 'group', the event, counts, French texts and each notice's own payload", () => {
    const up = [makeNotification({ id: '3', kind: 'up', state: 'online', endedAt: AT }), makeNotification({ id: '4', kind: 'up', state: 'online', endedAt: AT, server: { machine: 'amon' } })];
    const p = buildGroupedWebhookPayload(group(up));
    expect(p).toMatchObject({
      version: '1', kind: 'group', id: 'group-7', event: 'up', status: 'resolved', count: 2, servers: 2, schools: 1, scope: 'school',
      at: AT.toISOString(), heldByCap: null, subject: '[Vigie][rétabli] 2 serveurs de nouveau en ligne — Collège Jean Moulin (0860021F)',
    });
    expect(p.notices.map((n) => [n.id, n.kind, n.server.machine])).toEqual([['3', 'up', 'scribe'], ['4', 'up', 'amon']]);
    expect(p.description).toContain("amon : de nouveau en ligne à 14:32 après 30 min d'interruption (coupure de courant ou plantage)");
  });
});
