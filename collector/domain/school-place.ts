/**
 * Where a school is: its commune and département, as an optional inventory knows them. Grouped notices
 * (docs/NOTIFICATIONS.md) title an incident by school, commune or département, so they take a
 * {@link SchoolPlaceLookup} as a dependency; without an inventory the département still comes from the UAI.
 */
import { departementOfUai } from '../../shared/departement.ts';

/** What an inventory knows about a school (every field optional). */
export interface SchoolPlace {
  /** The school's name, when the inventory has a better one than the servers' enrolment name. */
  readonly name?: string;
  readonly commune?: string;
  /** Département code: `86`, `2A`, `974`. */
  readonly departement?: string;
}

/** The inventory's answer for a UAI, or undefined when it does not know the school. */
export type SchoolPlaceLookup = (uai: string) => SchoolPlace | undefined;

/** No inventory: nothing known beyond the UAI. */
export const NO_SCHOOL_PLACES: SchoolPlaceLookup = () => undefined;

/** The département from the UAI (the rule lives in shared/departement.ts), or undefined when it has none. */
export function departementFromUai(uai: string): string | undefined {
  const dep = departementOfUai(uai);
  return dep.ok ? dep.code : undefined;
}

/** The inventory's place, with the département derived from the UAI when the inventory does not give it. */
export function placeOf(uai: string, lookup: SchoolPlaceLookup): SchoolPlace {
  const known = lookup(uai) ?? {};
  const departement = known.departement ?? departementFromUai(uai);
  return { ...known, ...(departement === undefined ? {} : { departement }) };
}
