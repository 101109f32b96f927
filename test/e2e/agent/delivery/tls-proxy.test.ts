/**
 * Networks as schools have them, with real processes: the agent reaches a collector served over HTTPS (a test
 * CA, TLS terminated by a small Node proxy in front of the collector) through a real tinyproxy taken from
 * HTTPS_PROXY; an agent trusting another CA refuses the certificate and says so.
 */
import { spawn } from 'node:child_process';
import { createServer as createHttpsServer, type Server } from 'node:https';
import { request as httpRequest } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../../helpers/daemon-process.ts';
import { enrolWithCli, makeAgentRoot, scrape, startAgentProcess, startCollectorProcess, waitFor, type RunningProcess } from '../../../helpers/processes.ts';
import { makeTestPki } from '../../../helpers/test-pki.ts';

const running: RunningProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).reverse().map((p) => p.stop('SIGKILL')));
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

/** HTTPS on a free loopback port, forwarding every request to the collector's plain HTTP. */
async function tlsTerminator(pki: { key: string; cert: string }, upstream: string): Promise<string> {
  const target = new URL(upstream);
  const server: Server = createHttpsServer({ key: pki.key, cert: pki.cert }, (req, res) => {
    const up = httpRequest({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.writeHead(502).end());
    req.pipe(up);
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise((r) => server.close(() => r())));
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** tinyproxy in the foreground with its own config on a free loopback port; its log lines are collected. */
async function startTinyproxy(): Promise<{ url: string; lines: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-tinyproxy-'));
  const port = await freePort();
  const conf = join(dir, 'tinyproxy.conf');
  writeFileSync(conf, [`Port ${port}`, 'Listen 127.0.0.1', 'Timeout 30', 'LogLevel Info', 'MaxClients 20', 'Allow 127.0.0.1', ''].join('\n'));
  const proc = spawn('tinyproxy', ['-d', '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  for (const s of [proc.stdout, proc.stderr]) s.on('data', (b: Buffer) => lines.push(...b.toString().split('\n')));
  running.push({
    proc,
    lines,
    stop: (signal = 'SIGTERM') =>
      new Promise((done) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return done(proc.exitCode);
        proc.once('exit', (code) => done(code));
        proc.kill(signal);
      }),
  });
  await waitFor('tinyproxy to listen', () => lines.find((l) => l.includes('Accepting connections')));
  return { url: `http://127.0.0.1:${port}`, lines };
}

describe('agent over HTTPS with a custom CA, through an HTTP proxy (real tinyproxy)', () => {
  it('pushes through the proxy to the HTTPS collector, and refuses a certificate from another CA with a clear log line', async () => {
    const collector = await startCollectorProcess();
    running.push(collector);
    const token = await enrolWithCli(collector.databasePath, '0860021F', 'scribe');
    const academie = makeTestPki('Vigie test académie CA');
    const other = makeTestPki('Some other CA');
    const httpsUrl = await tlsTerminator(academie, collector.url);
    const proxy = await startTinyproxy();

    const agent = startAgentProcess({
      collectorUrl: httpsUrl,
      token,
      rootDir: makeAgentRoot({ uptimeSeconds: 4242 }),
      env: { VIGIE_CA_FILE: academie.caFile, HTTPS_PROXY: proxy.url },
    });
    running.push(agent);
    await waitFor('heartbeats through the proxy', async () => (await scrape(collector.url, 'scribe_server_uptime_seconds')).find((l) => l.includes('uai="0860021F"')));
    expect(proxy.lines.some((l) => l.includes(`CONNECT 127.0.0.1:${new URL(httpsUrl).port}`))).toBe(true);
    expect(agent.lines.some((l) => l.includes('"collector route"') && l.includes(`"proxy":"${proxy.url}"`) && l.includes('"proxySource":"environment"'))).toBe(true);
    await waitFor('the startup event', async () => (await scrape(collector.url, 'vigie_pushes_total')).find((l) => l.includes('kind="event",outcome="accepted"')));

    const wrongCa = startAgentProcess({
      collectorUrl: httpsUrl,
      token,
      rootDir: makeAgentRoot(),
      env: { VIGIE_CA_FILE: other.caFile, HTTPS_PROXY: proxy.url },
    });
    running.push(wrongCa);
    const line = await waitFor('the TLS refusal', () => wrongCa.lines.find((l) => l.includes('heartbeat not delivered')));
    expect(line).toContain(`not signed by a trusted CA (checked against the CA file ${other.caFile})`);
    expect(line).toContain(`via proxy ${proxy.url}`);
  }, 60_000);
});
