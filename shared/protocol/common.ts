import { Type, type Static } from '@sinclair/typebox';

/**
 * The protocol version every message carries as `schemaVersion` ("major.minor").
 * A collector accepts any minor of a major it knows; an unknown major is refused with
 * `ERR_SCHEMA_VERSION_UNSUPPORTED`, so an old collector never misreads a newer agent.
 */
export const PROTOCOL_MAJOR = 1;
export const PROTOCOL_MINOR = 0;
export const SCHEMA_VERSION = `${PROTOCOL_MAJOR}.${PROTOCOL_MINOR}`;

/**
 * The largest count or byte size a message may carry: 2^53 − 1, the last integer a JSON number (a double)
 * holds exactly. No real server has that many bytes or files; a larger value is refused naming the field.
 */
export const MAX_COUNT = Number.MAX_SAFE_INTEGER;

/** Majors this code base can read. */
export const SUPPORTED_MAJORS: readonly number[] = [PROTOCOL_MAJOR];

/** A French school code (UAI/RNE): 7 digits and a check letter, upper case on the wire. */
export const UaiSchema = Type.String({
  pattern: '^[0-9]{7}[A-Z]$',
  description: 'School code (UAI, formerly RNE): 7 digits then the upper-case check letter, e.g. 0860021F.',
});

/** The machine-name rule: a letter or digit, then up to 62 letters, digits, '.', '_' or '-' (one DNS label or so). */
export const MACHINE_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$';
const MACHINE_NAME_RE = new RegExp(MACHINE_NAME_PATTERN);

export type MachineNameCheck = { readonly ok: true; readonly machine: string } | { readonly ok: false; readonly reason: string };

/** Verifies a machine name against {@link MACHINE_NAME_PATTERN} (taken as is: no trimming, case kept). */
export function checkMachineName(raw: string): MachineNameCheck {
  if (MACHINE_NAME_RE.test(raw)) return { ok: true, machine: raw };
  return { ok: false, reason: `expected letters, digits, '.', '_' or '-' (actual: '${raw}')` };
}

/** A machine name as EOLE's `nom_machine` gives it. */
export const MachineSchema = Type.String({
  pattern: MACHINE_NAME_PATTERN,
  description: "The server's machine name (EOLE `nom_machine`, else the hostname), e.g. `scribe`.",
});

/** Who a message is about: a server is identified by its school code and machine name. */
export const ServerIdentitySchema = Type.Object(
  {
    uai: UaiSchema,
    machine: MachineSchema,
  },
  { additionalProperties: false, description: 'The server this message is about.' },
);
export type ServerIdentity = Static<typeof ServerIdentitySchema>;

/** An ISO-8601 instant in UTC, e.g. `2025-07-10T08:00:00.000Z`. */
export const InstantSchema = Type.String({
  format: 'date-time',
  description: 'An ISO-8601 date-time with a time zone (agents send UTC).',
});

/** Fields every message starts with. */
export const envelopeFields = {
  schemaVersion: Type.String({
    pattern: '^[0-9]+\\.[0-9]+$',
    description: 'Protocol version "major.minor". The collector refuses an unknown major.',
  }),
  messageId: Type.String({
    pattern: '^[0-9a-fA-F-]{8,64}$',
    description: 'Unique id of this message (UUID). A resend with the same id is acknowledged as a duplicate.',
  }),
  sentAt: { ...InstantSchema, description: 'When the agent built this message (agent clock, UTC).' },
  server: ServerIdentitySchema,
  agentVersion: Type.String({ minLength: 1, maxLength: 64, description: 'Version of the agent that sent it.' }),
};

/** Returns the major of a "major.minor" version string, or undefined when it does not have that shape. */
export function parseSchemaMajor(version: unknown): number | undefined {
  if (typeof version !== 'string') return undefined;
  const m = /^([0-9]+)\.[0-9]+$/.exec(version);
  return m ? Number(m[1]) : undefined;
}
