/**
 * The French texts of a grouped notice (several servers in one message): the plain-text body shared by the
 * mail and the webhook `description`, and the mail with its HTML part. Pure; every value is HTML-escaped.
 */
import type { GroupedNotification } from '../notifiers/notifier.ts';
import { escapeHtml } from '../html/escape-html.ts';
import { formatInstantFr } from '../presentation/dates-fr.ts';
import { displayTimeZone } from './messages-fr.ts';
import { SIGNATURE_FR, type MailContent } from './mail-fr.ts';

/** « Limite de 20 messages par heure atteinte … » when the cap held the notices back, else undefined. */
export function capNoteFr(g: GroupedNotification): string | undefined {
  if (g.heldByCap === undefined) return undefined;
  const zone = displayTimeZone(g.notifications[0] ?? {});
  const since = formatInstantFr(g.heldByCap.since, g.at, zone);
  return (
    `Limite de ${g.heldByCap.maxPerHour} messages par heure atteinte sur ce canal : ce message regroupe ` +
    `${g.heldByCap.count} notification${g.heldByCap.count === 1 ? '' : 's'} retenue${g.heldByCap.count === 1 ? '' : 's'} depuis ${since}.`
  );
}

/** What the readers should do (one sentence). */
export function groupAdviceFr(g: GroupedNotification): string {
  if (g.kind === 'up') return 'Aucune action requise : ces serveurs envoient de nouveau leurs signaux de vie.';
  const window = g.notifications.find((n) => n.window !== undefined)?.window;
  if (window !== undefined) {
    return `Les serveurs doivent rester allumés pendant toute la période de maintenance « ${window.name} » : merci de vérifier leur alimentation et leur raccordement, puis de les remettre en marche.`;
  }
  return 'Merci de vérifier que ces serveurs sont allumés et raccordés au réseau.';
}

/** The body lines: summary, cap note, then per area and school the servers with their causes, then advice. */
export function groupTextLinesFr(g: GroupedNotification): string[] {
  const note = capNoteFr(g);
  const lines = [g.plan.summary + '.', ''];
  if (note !== undefined) lines.push(note, '');
  for (const section of g.plan.sections) {
    lines.push(section.heading);
    for (const school of section.schools) {
      lines.push(`  ${school.heading}`);
      for (const line of school.lines) lines.push(`    - ${line}`);
    }
    lines.push('');
  }
  lines.push(groupAdviceFr(g));
  return lines;
}

/** Multi-line description (webhook `description`). */
export function groupDescriptionFr(g: GroupedNotification): string {
  return groupTextLinesFr(g).join('\n');
}

export function renderGroupedMailFr(g: GroupedNotification): MailContent {
  const text = [...groupTextLinesFr(g), '', '-- ', SIGNATURE_FR, ''].join('\n');
  const note = capNoteFr(g);
  const colour = g.kind === 'up' ? '#1b7f3b' : g.notifications.some((n) => n.severity === 'critical') ? '#b3261e' : '#a15c00';
  const sections = g.plan.sections.map((section) =>
    [
      `<h3>${escapeHtml(section.heading)}</h3>`,
      '<ul>',
      ...section.schools.map(
        (school) => `<li>${escapeHtml(school.heading)}<ul>${school.lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul></li>`,
      ),
      '</ul>',
    ].join('\n'),
  );
  const html = [
    '<!DOCTYPE html>',
    `<html lang="fr"><head><meta charset="utf-8"><title>${escapeHtml(g.plan.subject)}</title></head>`,
    '<body style="font-family:sans-serif">',
    `<p style="font-weight:bold;color:${colour}">${escapeHtml(g.plan.summary)}.</p>`,
    ...(note === undefined ? [] : [`<p><strong>${escapeHtml(note)}</strong></p>`]),
    ...sections,
    `<p>${escapeHtml(groupAdviceFr(g))}</p>`,
    `<p style="color:#666;font-size:small">${escapeHtml(SIGNATURE_FR)}</p>`,
    '</body></html>',
    '',
  ].join('\n');
  return { subject: g.plan.subject, text, html };
}
