/** The store keys of the collector configuration: databaseUrl, instanceId, notifications.leaseSeconds. */
import { describe, expect, it } from 'vitest';
import { loadCollectorConfig } from '../../../../collector/config.ts';
import { AppError } from '../../../../shared/errors.ts';

function load(env: Record<string, string>) {
  return loadCollectorConfig({ file: undefined, env });
}

function refusal(env: Record<string, string>): string {
  try {
    load(env);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return (err as AppError).message;
  }
  throw new Error('the configuration was accepted');
}

describe('collector store configuration', () => {
  it('uses SQLite unless databaseUrl is a postgres:// URL', () => {
    expect(load({}).databaseUrl).toBeUndefined();
    expect(load({ VIGIE_COLLECTOR_DATABASE_URL: 'postgres://vigie@db.example/vigie' }).databaseUrl).toBe('postgres://vigie@db.example/vigie');
    expect(load({ VIGIE_COLLECTOR_DATABASE_URL: 'postgresql://vigie@db.example/vigie' }).databaseUrl).toBe('postgresql://vigie@db.example/vigie');
  });

  it('names databaseUrl when it is not a PostgreSQL URL, without echoing its password', () => {
    const message = refusal({ VIGIE_COLLECTOR_DATABASE_URL: 'mysql://vigie:s3cret-pass@db/vigie' });
    expect(message).toContain('databaseUrl is invalid');
    expect(message).toContain('mysql://vigie:***@db/vigie');
    expect(message).not.toContain('s3cret-pass');
  });

  it('takes an instance name from VIGIE_COLLECTOR_INSTANCE_ID and refuses one with spaces', () => {
    expect(load({ VIGIE_COLLECTOR_INSTANCE_ID: 'vigie-a' }).instanceId).toBe('vigie-a');
    expect(refusal({ VIGIE_COLLECTOR_INSTANCE_ID: 'vigie a' })).toContain('instanceId is invalid');
  });
});
