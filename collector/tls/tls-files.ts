// The certificate and key the collector serves HTTPS with (`tls.certFile`, `tls.keyFile`), read at start and
// again on SIGHUP, so a renewed certificate is picked up without a restart (connections open keep theirs).
import { readFileSync } from 'node:fs';
import type { Server as HttpsServer } from 'node:https';
import { AppError } from '../../shared/errors.ts';
import type { TlsConfig } from '../config/security-config.ts';

export interface TlsMaterial {
  readonly cert: string;
  readonly key: string;
}

/** Reads both PEM files; `ERR_CONFIG_UNREADABLE` or `ERR_CONFIG_INVALID` naming the key. */
export function readTlsMaterial(tls: TlsConfig, readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): TlsMaterial {
  const read = (key: 'certFile' | 'keyFile', marker: RegExp, what: string): string => {
    let text: string;
    try {
      text = readFile(tls[key]);
    } catch (err) {
      throw new AppError('ERR_CONFIG_UNREADABLE', `tls.${key} is invalid, expected a readable file (actual: '${tls[key]}': ${(err as Error).message})`);
    }
    if (!marker.test(text)) throw new AppError('ERR_CONFIG_INVALID', `tls.${key} is invalid, expected a PEM ${what} (actual: '${tls[key]}' has none)`);
    return text;
  };
  return { cert: read('certFile', /-----BEGIN CERTIFICATE-----/, 'certificate'), key: read('keyFile', /-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'private key') };
}

export type TlsReloadLog = (level: 'info' | 'error', msg: string, fields: Record<string, unknown>) => void;

/**
 * Re-reads the files on each SIGHUP and swaps the server's secure context. A file that cannot be read or does
 * not hold a matching certificate and key is logged and the current certificate kept. Returns the remover.
 */
export function reloadTlsOnSighup(server: HttpsServer, tls: TlsConfig, log: TlsReloadLog, signals: Pick<NodeJS.Process, 'on' | 'off'> = process): () => void {
  const reload = () => {
    try {
      server.setSecureContext(readTlsMaterial(tls));
      log('info', 'TLS certificate reloaded', { certFile: tls.certFile });
    } catch (err) {
      log('error', 'TLS certificate not reloaded, the current one is kept', { certFile: tls.certFile, error: (err as Error).message });
    }
  };
  signals.on('SIGHUP', reload);
  return () => signals.off('SIGHUP', reload);
}
