import type { SqlDb } from './sql.ts';
import { createAdminTokensRepo } from './admin-tokens-repo.ts';
import { createAuditRepo } from './audit-repo.ts';
import { createEnrolmentKeysRepo } from './enrolment-keys-repo.ts';
import { createPendingEnrolmentsRepo } from './pending-enrolments-repo.ts';
import { createSchoolsRepo } from './schools-repo.ts';
import { createServerTokensRepo } from './server-tokens-repo.ts';

/** The repositories of the inventory and enrolment concern, spread into the Store. */
export function createEnrolmentRepos(db: SqlDb) {
  return {
    schools: createSchoolsRepo(db),
    enrolmentKeys: createEnrolmentKeysRepo(db),
    pendingEnrolments: createPendingEnrolmentsRepo(db),
    adminTokens: createAdminTokensRepo(db),
    audit: createAuditRepo(db),
    serverTokens: createServerTokensRepo(db),
  };
}
