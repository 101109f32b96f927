import { Type, type Static } from '@sinclair/typebox';
import { InstantSchema, MAX_COUNT } from './common.ts';
import { ProfileSchema } from './quota-section.ts';

/** Kinds of user spaces, following the Scribe layout and the académie's rollover notice. */
export const SpaceKindSchema = Type.Union(
  [
    Type.Literal('perso'),
    Type.Literal('classe_donnees'),
    Type.Literal('classe_travail'),
    Type.Literal('option_donnees'),
    Type.Literal('option_travail'),
    Type.Literal('profs_classe'),
    Type.Literal('commun'),
    Type.Literal('commun_travail'),
    Type.Literal('professeurs'),
    Type.Literal('devoirs'),
    Type.Literal('salle_des_profs'),
    Type.Literal('mediaprof'),
    Type.Literal('mail'),
    Type.Literal('recyclage'),
    Type.Literal('importation'),
    Type.Literal('autre'),
  ],
  { description: 'What kind of space this is.' },
);
export type SpaceKind = Static<typeof SpaceKindSchema>;

/** One of the largest files of a space. */
export const LargeFileSchema = Type.Object(
  {
    path: Type.String({
      description: 'Path relative to the space root; invalid UTF-8 bytes and control characters shown as `\\xNN`, a backslash as `\\\\`.',
    }),
    sizeBytes: Type.Integer({ minimum: 0, maximum: MAX_COUNT, description: 'Apparent size in bytes.' }),
    modifiedAt: InstantSchema,
  },
  { additionalProperties: false },
);

/** Size figures of one space. */
export const SpaceSchema = Type.Object(
  {
    kind: SpaceKindSchema,
    name: Type.String({ description: 'Login for `perso`/`mail`, class or group name for shares, else the folder name.' }),
    path: Type.String({ description: 'Absolute path walked on the server (symlinks resolved; never followed inside).' }),
    profile: Type.Optional({ ...ProfileSchema, description: 'Profile of the owner, for `perso`.' }),
    allocatedBytes: Type.Integer({ minimum: 0, maximum: MAX_COUNT, description: 'Disk blocks allocated (as `du -B1`).' }),
    apparentBytes: Type.Integer({ minimum: 0, maximum: MAX_COUNT, description: 'Sum of file sizes (as `du -b`).' }),
    files: Type.Integer({
      minimum: 0,
      maximum: MAX_COUNT,
      description: 'Regular files and other non-directory entries (symlinks are not followed); an inode with several hard links counts once, as in du.',
    }),
    directories: Type.Integer({ minimum: 0, maximum: MAX_COUNT, description: 'Directories, the root included.' }),
    ageBytes: Type.Object(
      {
        lt1y: Type.Integer({ minimum: 0, maximum: MAX_COUNT, description: 'Apparent bytes modified less than a year ago.' }),
        y1to3: Type.Integer({ minimum: 0, maximum: MAX_COUNT, description: 'Apparent bytes modified 1 to 3 years ago.' }),
        gt3y: Type.Integer({ minimum: 0, maximum: MAX_COUNT, description: 'Apparent bytes modified more than 3 years ago.' }),
      },
      { additionalProperties: false, description: 'Apparent bytes of non-directory entries by age of last modification (calendar years before the scan).' },
    ),
    largestFiles: Type.Array(LargeFileSchema, { maxItems: 100, description: 'The largest files of the space, largest first.' }),
    filesOlderThan6Months: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_COUNT, description: 'For `importation`: files older than six months.' })),
    errorCount: Type.Integer({ minimum: 0, maximum: MAX_COUNT, description: 'Entries that could not be read.' }),
    errors: Type.Array(
      Type.Object(
        {
          path: Type.String({ description: 'Path relative to the space root (empty: the root itself), escaped like largestFiles.' }),
          code: Type.String({ description: 'errno code, e.g. `EACCES`.' }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 50, description: 'The first unreadable entries (path relative to the space, errno code).' },
    ),
    truncated: Type.Boolean({ description: 'True when the walk stopped at its time budget.' }),
  },
  { additionalProperties: false },
);
export type Space = Static<typeof SpaceSchema>;

/** The spaces part of a report. */
export const SpacesSectionSchema = Type.Object(
  {
    partial: Type.Boolean({ description: 'True when the scan hit its time budget: some figures are lower bounds.' }),
    durationMs: Type.Integer({ minimum: 0, maximum: MAX_COUNT, description: 'How long the scan took, in ms.' }),
    spaces: Type.Array(SpaceSchema, { maxItems: 50_000, description: 'One entry per space found.' }),
    brokenPupilLinks: Type.Array(
      Type.Object(
        {
          classe: Type.String({ description: 'Class name (folder under /home/classes).' }),
          count: Type.Integer({ minimum: 0, maximum: MAX_COUNT, description: 'Links whose target is missing.' }),
        },
        { additionalProperties: false },
      ),
      { description: 'Per class, links under /home/classes/<classe> whose target is missing.' },
    ),
  },
  { additionalProperties: false },
);
export type SpacesSection = Static<typeof SpacesSectionSchema>;
