import { describe, expect, it } from 'vitest';
import { buildQuotaReport } from '../../../../collector/reports/quota-report.ts';
import { escapeHtml, renderQuotaHtml } from '../../../../collector/reports/quota-html.ts';
import { buildReport, quotaUser, space } from '../../../helpers/report-builder.ts';

const report = (users = [quotaUser('<script>alert(1)</script>', { usedMiB: 300, limitMiB: 100, status: 'over_hard' }), quotaUser('sage', { usedMiB: 5 })]) =>
  buildQuotaReport({
    uai: '0860021F',
    generatedAt: new Date('2025-07-10T08:00:00Z'),
    since: null,
    servers: [{ uai: '0860021F', server: 'scribe', schoolName: 'Collège « Jean & Moulin »', report: buildReport({ users, spaces: [space('perso', 'sage')] }) }],
  });

describe('renderQuotaHtml', () => {
  it('is a French, self-contained page: inline style, no script, no external resource', () => {
    const html = renderQuotaHtml(report());
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="fr">/);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<h1>Rapport quotas — préparation migration KoXo</h1>');
    for (const heading of ['Utilisateurs', 'Totaux à migrer par établissement', 'Espaces les plus volumineux', 'Serveurs et date des relevés']) {
      expect(html).toContain(`<h2>${heading}</h2>`);
    }
    expect(html).not.toMatch(/<script|<link|<img|src=|href=|@import|url\(/i);
  });

  it('escapes every value taken from reports', () => {
    const html = renderQuotaHtml(report());
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Collège « Jean &amp; Moulin »');
  });

  it('marks over-quota rows and lists them first', () => {
    const html = renderQuotaHtml(report());
    const firstRow = /<tbody>\n(<tr[^>]*>.*?<\/tr>)/s.exec(html)?.[1] ?? '';
    expect(firstRow).toContain('class="over-hard"');
    expect(firstRow).toContain('Bloqué (limite atteinte)');
  });

  it('caps the user table and says where the full list is', () => {
    const users = Array.from({ length: 30 }, (_, i) => quotaUser(`u${i}`, { usedMiB: i }));
    const html = renderQuotaHtml(report(users), { maxUserRows: 10 });
    expect(html.match(/<td class="login">/g)).toHaveLength(10);
    expect(html).toContain('10 utilisateurs affichés sur 31');
  });
});

describe('renderQuotaHtml growth columns', () => {
  it('shows growth columns and card only when a baseline day was asked for', () => {
    const base = { uai: '0860021F', server: 'scribe', report: buildReport() };
    const without = renderQuotaHtml(buildQuotaReport({ uai: '0860021F', generatedAt: new Date('2025-07-10T08:00:00Z'), since: null, servers: [base] }));
    const withSince = renderQuotaHtml(buildQuotaReport({
      uai: '0860021F', generatedAt: new Date('2025-07-10T08:00:00Z'), since: '2025-06-01',
      servers: [{ ...base, baseline: { day: '2025-06-01', report: buildReport({ users: [] }) } }],
    }));
    expect(without).not.toContain('Évolution');
    expect(withSince).toContain('<th>Évolution du quota</th>');
    expect(withSince).toContain('évolution depuis le 01/06/2025');
    expect(withSince).toContain('Évolution du volume à migrer');
    expect(withSince).toMatch(/<td class="num">\+200\u00a0Mo<\/td>/);
  });

  it('adds a total row when the report covers several schools', () => {
    const one = { uai: '0860021F', server: 'scribe', report: buildReport() };
    const two = { uai: '0170001J', server: 'scribe', report: buildReport({ uai: '0170001J' }) };
    const fleet = renderQuotaHtml(buildQuotaReport({ uai: null, generatedAt: new Date('2025-07-10T08:00:00Z'), since: null, servers: [one, two] }));
    expect(fleet).toContain('<td colspan="2">Total (2 établissements)</td>');
    expect(fleet).toContain('Ensemble des établissements (2)');
    const single = renderQuotaHtml(buildQuotaReport({ uai: '0860021F', generatedAt: new Date('2025-07-10T08:00:00Z'), since: null, servers: [one] }));
    expect(single).not.toContain('<tfoot>');
  });
});

describe('escapeHtml', () => {
  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
