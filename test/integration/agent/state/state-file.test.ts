import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createStateFile } from '../../../../agent/state/state-file.ts';

const logger = pino({ level: 'silent' });

describe('state.json', () => {
  it('is empty at first, then keeps what was saved across instances (creating the directory)', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'vigie-state-')), 'lib/vigie');
    expect(await createStateFile(dir, logger).load()).toEqual({});
    await createStateFile(dir, logger).save({ lastSuccessfulScanAt: '2025-07-10T02:31:00.000Z' });
    expect(await createStateFile(dir, logger).load()).toEqual({ lastSuccessfulScanAt: '2025-07-10T02:31:00.000Z' });
    expect(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'))).toEqual({ lastSuccessfulScanAt: '2025-07-10T02:31:00.000Z' });
  });

  it.each(['{"lastSuccessfulScanAt": "soon"}', '[1]', '{"lastSuccess'])('treats %s as an empty state', async (text) => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-state-'));
    writeFileSync(join(dir, 'state.json'), text);
    expect(await createStateFile(dir, logger).load()).toEqual({});
  });
});
