/** The inventory and enrolment commands of `vigie-collector`, dispatched by `cli.ts`. */
import { ADMIN_TOKENS_USAGE, runAdminTokensCommand } from './admin-tokens.ts';
import { AUDIT_USAGE, runAuditCommand } from './audit.ts';
import { ENROLMENT_KEYS_USAGE, runEnrolmentKeysCommand } from './enrolment-keys.ts';
import { INVENTORY_USAGE, runInventoryCommand, type AdminCommandDeps } from './inventory.ts';

export const ENROLMENT_COMMANDS: Readonly<Record<string, (args: string[], deps: AdminCommandDeps) => Promise<number>>> = {
  inventory: runInventoryCommand,
  'enrolment-keys': runEnrolmentKeysCommand,
  'admin-tokens': runAdminTokensCommand,
  audit: runAuditCommand,
};

export const ENROLMENT_USAGE = [INVENTORY_USAGE, ENROLMENT_KEYS_USAGE, ADMIN_TOKENS_USAGE, AUDIT_USAGE].join('\n');
