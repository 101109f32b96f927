import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../../collector/html/escape-html.ts';
import { renderMailFr } from '../../../../collector/notifications/mail-fr.ts';
import { makeNotification } from '../../../helpers/notification-fixture.ts';

describe('renderMailFr', () => {
  it('puts the summary first, then the explanation and details, in both text and HTML', () => {
    const mail = renderMailFr(makeNotification({ kind: 'down', cause: 'shutdown', state: 'shutdown' }));
    expect(mail.subject).toBe('[Vigie][critique] scribe — Collège Jean Moulin (0860021F) éteint (arrêt annoncé)');
    const lines = mail.text.split('\n');
    expect(lines[0]).toMatch(/^Serveur Scribe scribe — Collège Jean Moulin \(0860021F\) éteint .* depuis 14:02 \(arrêt annoncé\)$/);
    expect(lines[2]).toBe('Le serveur a annoncé son arrêt (extinction ou redémarrage demandé sur la machine).');
    expect(mail.text).toContain('Établissement : Collège Jean Moulin (0860021F)');
    expect(mail.html).toContain('<html lang="fr">');
    expect(mail.html).toContain('<th style="text-align:left;padding:2px 12px 2px 0">Académie</th><td>Poitiers</td>');
  });

  it('writes a back-online mail without the cause explanation paragraph', () => {
    const mail = renderMailFr(
      makeNotification({ kind: 'up', state: 'online', endedAt: new Date('2025-07-12T14:16:10Z') }),
    );
    expect(mail.subject).toContain('de nouveau en ligne');
    expect(mail.text.split('\n')[0]).toContain("de nouveau en ligne après 2 h 14 min d'interruption");
    expect(mail.text).not.toContain("s'est tu");
    expect(mail.html).toContain('#1b7f3b');
  });

  it('escapes names coming from the inventory', () => {
    const mail = renderMailFr(makeNotification({ server: { name: 'Lycée <b>"Rabelais"</b> & Cie' } }));
    expect(mail.html).not.toContain('<b>');
    expect(mail.html).toContain('Lycée &lt;b&gt;&quot;Rabelais&quot;&lt;/b&gt; &amp; Cie');
    expect(mail.text).toContain('Lycée <b>"Rabelais"</b> & Cie');
  });

  it.each([
    ['&', '&amp;'],
    ['<>', '&lt;&gt;'],
    [`"'`, '&quot;&#39;'],
    ['Collège', 'Collège'],
  ])('escapeHtml(%s) = %s', (input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });
});
