/** A school as the académie's list describes it: what the inventory stores and the CSV parser produces. */
export interface SchoolFields {
  readonly uai: string;
  readonly name: string;
  readonly commune: string | null;
  readonly type: string | null;
  readonly academie: string | null;
  readonly email: string | null;
  /** From the UAI: `86`, `2A`, `974`. */
  readonly departement: string;
}
