// An in-memory SpoolDir for unit tests of the agent loop (the real one is tested on a temp dir).
import type { AsideFolder, SpoolDir } from '../../agent/spool/spool-dir.ts';

export class MemorySpoolDir implements SpoolDir {
  readonly path = '/memory/spool';
  readonly files = new Map<string, string>();
  readonly aside: { name: string; folder: AsideFolder }[] = [];
  /** When set, writes fail with this error (a full disk). */
  failWrites: Error | undefined;

  async open() {
    return this.list();
  }
  async list() {
    return [...this.files].map(([name, text]) => ({ name, bytes: Buffer.byteLength(text) }));
  }
  async write(name: string, text: string) {
    if (this.failWrites) throw this.failWrites;
    this.files.set(name, text);
  }
  async read(name: string) {
    const text = this.files.get(name);
    if (text === undefined) throw Object.assign(new Error(`ENOENT: ${name}`), { code: 'ENOENT' });
    return text;
  }
  async remove(name: string) {
    this.files.delete(name);
  }
  async moveAside(name: string, folder: AsideFolder) {
    this.files.delete(name);
    this.aside.push({ name, folder });
  }
}
