import type { TSchema } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import {
  EventSchema,
  HeartbeatSchema,
  ReportSchema,
  SCHEMA_VERSION,
  SUPPORTED_MAJORS,
  parseSchemaMajor,
} from '../../../../shared/protocol/index.ts';
import { aHeartbeat, aMinimalReport, anEvent } from '../../../../shared/testing/messages.ts';
import { protocolError } from '../../../../shared/testing/validate-message.ts';

/** Every property path of a schema whose schema has no `description`. */
function undocumented(schema: TSchema, path = ''): string[] {
  const out: string[] = [];
  const s = schema as Record<string, unknown>;
  if (s['type'] === 'object' && typeof s['properties'] === 'object') {
    for (const [key, child] of Object.entries(s['properties'] as Record<string, TSchema>)) {
      const p = `${path}/${key}`;
      const c = child as Record<string, unknown>;
      const described = typeof c['description'] === 'string' && (c['description'] as string).length > 0;
      if (!described) out.push(p);
      out.push(...undocumented(child, p));
    }
  }
  if (s['type'] === 'array' && s['items']) out.push(...undocumented(s['items'] as TSchema, `${path}[]`));
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const list = s[key];
    if (Array.isArray(list)) for (const sub of list as TSchema[]) out.push(...undocumented(sub, path));
  }
  return out;
}

describe('protocol schemas', () => {
  it.each([
    ['heartbeat', HeartbeatSchema],
    ['event', EventSchema],
    ['report', ReportSchema],
  ])('documents every field of %s', (_name, schema) => {
    expect(undocumented(schema)).toEqual([]);
  });

  it('accepts the sample messages', () => {
    expect(protocolError(HeartbeatSchema, aHeartbeat())).toBeUndefined();
    expect(protocolError(EventSchema, anEvent())).toBeUndefined();
    expect(protocolError(ReportSchema, aMinimalReport())).toBeUndefined();
  });

  it('carries a supported schemaVersion', () => {
    expect(SUPPORTED_MAJORS).toContain(parseSchemaMajor(SCHEMA_VERSION));
    expect(parseSchemaMajor('12.3')).toBe(12);
    expect(parseSchemaMajor('1')).toBeUndefined();
    expect(parseSchemaMajor(1)).toBeUndefined();
  });
});
