// The collector serves HTTPS itself (tls.certFile/tls.keyFile) and swaps its certificate on SIGHUP, without
// a restart: a renewed certificate is served to the next connection; an unreadable one is refused and logged.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { has } from '../../helpers/requirements.ts';
import { startCollectorProcess, waitFor, type CollectorProcess } from '../../helpers/processes.ts';
import { makeTestPki } from '../../helpers/test-pki.ts';

/** The CN of the issuer of the certificate the server presents on a new connection. */
function issuerOf(url: string, caFile: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), ca: [caFile], servername: 'localhost' }, () => {
      resolve(String(socket.getPeerCertificate().issuer.CN));
      socket.end();
    });
    socket.once('error', reject);
  });
}

let collector: CollectorProcess | undefined;
afterAll(async () => collector?.stop());

describe.runIf(has('openssl'))('HTTPS served by the collector', () => {
  it('serves the configured certificate, and the renewed one after SIGHUP', async () => {
    const first = makeTestPki('Vigie Test CA 2025');
    const second = makeTestPki('Vigie Test CA 2026');
    const dir = mkdtempSync(join(tmpdir(), 'vigie-tls-'));
    const certFile = join(dir, 'cert.pem');
    const keyFile = join(dir, 'key.pem');
    writeFileSync(certFile, first.cert);
    writeFileSync(keyFile, first.key);
    const caBoth = readFileSync(first.caFile, 'utf8') + readFileSync(second.caFile, 'utf8');
    collector = await startCollectorProcess({ dir, env: { VIGIE_COLLECTOR_TLS_CERT_FILE: certFile, VIGIE_COLLECTOR_TLS_KEY_FILE: keyFile } });
    expect(collector.url).toMatch(/^https:\/\/127\.0\.0\.1:/);
    expect(await issuerOf(collector.url, caBoth)).toBe('Vigie Test CA 2025');

    // A renewal half written (key missing) is refused; the current certificate stays.
    writeFileSync(keyFile, 'not a key\n');
    collector.proc.kill('SIGHUP');
    await waitFor('the refused reload to be logged', () => collector!.lines.some((l) => l.includes('TLS certificate not reloaded')));
    expect(await issuerOf(collector.url, caBoth)).toBe('Vigie Test CA 2025');

    writeFileSync(certFile, second.cert);
    writeFileSync(keyFile, second.key);
    collector.proc.kill('SIGHUP');
    await waitFor('the reload to be logged', () => collector!.lines.some((l) => l.includes('"TLS certificate reloaded"')));
    expect(await issuerOf(collector.url, caBoth)).toBe('Vigie Test CA 2026');
  });

  it('refuses to start on an unreadable certificate, naming the key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-tls-'));
    await expect(startCollectorProcess({ dir, env: { VIGIE_COLLECTOR_TLS_CERT_FILE: join(dir, 'missing.pem'), VIGIE_COLLECTOR_TLS_KEY_FILE: join(dir, 'missing.key') } })).rejects.toThrow(/tls\.certFile is invalid/);
  });
});
