import { Type, type Static } from '@sinclair/typebox';
import { InstantSchema, MAX_COUNT } from './common.ts';

/** A user's profile, from Unix group membership (Scribe backs groups with its LDAP). */
export const ProfileSchema = Type.Union(
  [Type.Literal('eleve'), Type.Literal('enseignant'), Type.Literal('administratif'), Type.Literal('autre')],
  { description: 'User profile: pupil, teacher, administrative staff, or other.' },
);
export type Profile = Static<typeof ProfileSchema>;

/** Quota state of one user on one filesystem. */
export const QuotaStatusSchema = Type.Union(
  [Type.Literal('ok'), Type.Literal('over_soft'), Type.Literal('over_hard')],
  { description: '`over_soft`: above the soft limit (in grace); `over_hard`: at or above the hard limit.' },
);
export type QuotaStatus = Static<typeof QuotaStatusSchema>;

/** One user's block and file usage (repquota line), in bytes. A limit of `null` means none (repquota's 0). */
export const QuotaUserSchema = Type.Object(
  {
    login: Type.String({ minLength: 1, description: 'Login, or `#<uid>` when the uid has no name.' }),
    uid: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_COUNT, description: 'Numeric uid, when known.' })),
    profile: Type.Optional(ProfileSchema),
    usedBytes: Type.Integer({ minimum: 0, maximum: MAX_COUNT, description: 'Bytes the user owns on this filesystem.' }),
    softLimitBytes: Type.Union([Type.Integer({ minimum: 0, maximum: MAX_COUNT }), Type.Null()], { description: 'Soft limit in bytes, null if none.' }),
    hardLimitBytes: Type.Union([Type.Integer({ minimum: 0, maximum: MAX_COUNT }), Type.Null()], { description: 'Hard limit in bytes, null if none.' }),
    files: Type.Integer({ minimum: 0, maximum: MAX_COUNT, description: 'Number of inodes the user owns.' }),
    fileSoftLimit: Type.Union([Type.Integer({ minimum: 0, maximum: MAX_COUNT }), Type.Null()], { description: 'Inode soft limit, null if none.' }),
    fileHardLimit: Type.Union([Type.Integer({ minimum: 0, maximum: MAX_COUNT }), Type.Null()], { description: 'Inode hard limit, null if none.' }),
    status: QuotaStatusSchema,
    graceEndsAt: Type.Optional(
      Type.Union([InstantSchema, Type.Null()], {
        description:
          'End of the block grace period, when over soft. Exact with `repquota -p`; from the plain table it is now + the ' +
          'remaining time repquota printed (rounded to days or minutes). Null when the grace has already run out.',
      }),
    ),
    graceExpired: Type.Optional(
      Type.Boolean({ description: 'True when over soft and the grace period has run out (the soft limit now blocks writes).' }),
    ),
    fileStatus: Type.Optional({
      ...QuotaStatusSchema,
      description: 'The same status for the inode (file count) limits; `status` is about bytes only.',
    }),
  },
  { additionalProperties: false },
);
export type QuotaUser = Static<typeof QuotaUserSchema>;

/** The quota table of one filesystem. */
export const QuotaFilesystemSchema = Type.Object(
  {
    device: Type.String({
      description: 'Device from the `*** Report for user quotas on device …` header, or from the mount table when the CSV output was read.',
    }),
    mountpoint: Type.Optional(Type.String({ description: 'Mount point the report was asked for (e.g. `/home`), when known.' })),
    format: Type.Optional(
      Type.Union([Type.Literal('csv'), Type.Literal('table'), Type.Literal('xml')], {
        description: 'Which repquota output was read: `csv` (`-O csv -p`) or the plain `table` (older quota-tools).',
      }),
    ),
    users: Type.Array(QuotaUserSchema, { maxItems: 100_000, description: 'One entry per user with usage or a limit on this filesystem.' }),
  },
  { additionalProperties: false },
);
export type QuotaFilesystem = Static<typeof QuotaFilesystemSchema>;

/** The quota part of a report. `not_enabled` is a normal answer, not an error. */
export const QuotaSectionSchema = Type.Object(
  {
    status: Type.Union([Type.Literal('ok'), Type.Literal('not_enabled'), Type.Literal('error')], {
      description: '`ok`: tables below; `not_enabled`: no filesystem has user quotas on; `error`: see `error`.',
    }),
    error: Type.Optional(Type.String({ description: 'What went wrong, when status is `error`.' })),
    filesystems: Type.Array(QuotaFilesystemSchema, { maxItems: 64, description: 'One table per filesystem with user quotas on.' }),
  },
  { additionalProperties: false },
);
export type QuotaSection = Static<typeof QuotaSectionSchema>;
