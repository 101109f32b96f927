import { describe, expect, it } from 'vitest';
import { renderStatusHtml } from '../../../../collector/status/status-html.ts';
import type { StatusView } from '../../../../collector/status/status-view.ts';

function view(over: Partial<StatusView> = {}): StatusView {
  return {
    title: 'État du parc Scribe',
    scope: 'Ensemble des établissements',
    updatedAt: 'jeudi 10 juillet 2025 à 14:14 (Europe/Paris)',
    counts: { online: 1, late: 0, offline: 1, shutdown: 0, unknown: 0, total: 2 },
    verdict: "1 serveur sur 2 demande de l'attention.",
    verdictLevel: 'bad',
    windows: [],
    attention: [
      {
        attention: 'down_in_window', stateLabel: 'Éteint pendant la période', uai: '0860021F', school: 'Collège <script>alert(1)</script>',
        machine: 'scribe', since: '12:00', lasting: 'depuis 2 h 14 min', cause: 'Coupure de courant ou plantage', silence: "jusqu'à 18:00",
      },
    ],
    online: [{ academie: 'ac-poitiers', schools: [{ uai: '0860023H', school: 'Lycée "Guérin" & fils', machines: ['amon', 'scribe'] }] }],
    ...over,
  };
}

describe('renderStatusHtml', () => {
  it('is a self-contained French page that reloads itself every 30 s and runs nothing', () => {
    const html = renderStatusHtml(view());
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="fr">/);
    expect(html).toContain('<meta http-equiv="refresh" content="30">');
    expect(html).toContain('<title>État du parc Scribe</title>');
    expect(html).not.toMatch(/<script|<link|src=|href=|@import|url\(/i);
  });

  it.each([
    { name: 'a name with markup', fragment: 'Collège &lt;script&gt;alert(1)&lt;/script&gt;' },
    { name: 'quotes and ampersands', fragment: 'Lycée &quot;Guérin&quot; &amp; fils' },
    { name: 'an apostrophe in a silence', fragment: 'Silence jusqu&#39;à 18:00' },
  ])('escapes $name', ({ fragment }) => {
    expect(renderStatusHtml(view())).toContain(fragment);
  });

  it('lays out one attention row with its class, time and duration', () => {
    const html = renderStatusHtml(view());
    expect(html).toContain('<tr class="down_in_window"><td class="state">Éteint pendant la période</td><td class="uai">0860021F</td>');
    expect(html).toContain('<td class="since">12:00<span class="lasting">depuis 2 h 14 min</span></td>');
    expect(html).toContain('<h2>Serveurs à surveiller (1)</h2>');
    expect(html).toContain('<span class="uai">0860023H</span> <span class="school">Lycée &quot;Guérin&quot; &amp; fils</span> — <span class="machines">amon, scribe</span>');
  });

  it.each([
    { name: 'inactive', windows: [], fragment: 'Aucune période de maintenance en cours.' },
    {
      name: 'active',
      windows: [{ name: 'Bascule <2025>', endsAt: 'samedi 13 septembre 2025 à 00:00 (Europe/Paris)', timeLeft: '64 j 9 h', servers: 3 }],
      fragment: 'Période de maintenance « Bascule &lt;2025&gt; » en cours</strong> : elle se termine le samedi 13 septembre 2025 à 00:00 (Europe/Paris), dans 64 j 9 h.',
    },
  ])('maintenance window $name', ({ windows, fragment }) => {
    expect(renderStatusHtml(view({ windows }))).toContain(fragment);
  });

  it('says so when nothing needs attention and when nothing is online', () => {
    const allGood = renderStatusHtml(view({ attention: [], verdictLevel: 'good', verdict: 'Le serveur est en ligne.' }));
    expect(allGood).toContain('Aucun : tous les serveurs sont en ligne.');
    expect(allGood).not.toContain('<table class="attention">');
    expect(renderStatusHtml(view({ online: [] }))).toContain('Aucun serveur en ligne.');
  });

  it('shows the five headline counts, dimming zeros', () => {
    const html = renderStatusHtml(view());
    expect(html).toContain('<div class="card online"><div class="label">En ligne</div><div class="value">1</div></div>');
    expect(html).toContain('<div class="card late zero"><div class="label">En retard</div><div class="value">0</div></div>');
    expect(html).toContain('<div class="label">Éteints (arrêt annoncé)</div>');
    expect(html).toContain('<div class="label">Jamais connectés</div>');
  });
});
