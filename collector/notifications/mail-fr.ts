/**
 * The French e-mail of a notification: subject, plain-text body and a simple HTML body carrying the same
 * text. Pure; every value is HTML-escaped.
 */
import type { Notification } from '../notifiers/notifier.ts';
import { isResolution } from '../domain/notice-vocabulary.ts';
import { adviceFr, detailsFr, explanationFr, subjectFr, summaryFr } from './messages-fr.ts';
import { escapeHtml } from '../html/escape-html.ts';

export interface MailContent {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export const SIGNATURE_FR = 'Message envoyé automatiquement par Vigie, la supervision des serveurs Scribe.';


export function renderMailFr(n: Notification): MailContent {
  const summary = summaryFr(n);
  const explanation = explanationFr(n);
  const details = detailsFr(n);
  const advice = adviceFr(n);

  const text = [
    summary,
    '',
    ...(explanation === undefined ? [] : [explanation, '']),
    ...details.map(([label, value]) => `${label} : ${value}`),
    '',
    advice,
    '',
    '-- ',
    SIGNATURE_FR,
    '',
  ].join('\n');

  const colour = isResolution(n.kind) ? '#1b7f3b' : n.severity === 'critical' ? '#b3261e' : '#a15c00';
  const rows = details
    .map(
      ([label, value]) =>
        `<tr><th style="text-align:left;padding:2px 12px 2px 0">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`,
    )
    .join('\n');
  const html = [
    '<!DOCTYPE html>',
    '<html lang="fr"><head><meta charset="utf-8"><title>' + escapeHtml(subjectFr(n)) + '</title></head>',
    '<body style="font-family:sans-serif">',
    `<p style="font-weight:bold;color:${colour}">${escapeHtml(summary)}</p>`,
    ...(explanation === undefined ? [] : [`<p>${escapeHtml(explanation)}</p>`]),
    `<table>\n${rows}\n</table>`,
    `<p>${escapeHtml(advice)}</p>`,
    `<p style="color:#666;font-size:small">${escapeHtml(SIGNATURE_FR)}</p>`,
    '</body></html>',
    '',
  ].join('\n');

  return { subject: subjectFr(n), text, html };
}
