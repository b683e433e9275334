import { can, type Permission } from '../../domain/access/permissions.ts';
import { type OwnerNow, ownerRefusal } from '../../domain/reports/delivery.ts';
import type { ReportDefinition } from '../../events/contexts/report-definition.ts';
import { getUser } from '../api/users/directory.ts';
import { HttpProblem } from '../http/problem.ts';
import { today } from '../http/requests.ts';
import { checkDefinition } from './builder.ts';

/**
 * A report's owner as the user directory has them now (undefined when the account is gone): scheduled
 * runs and share links read as the owner may today, not as when the report was saved.
 */
const ownerNow = async (id: string): Promise<OwnerNow | undefined> => {
  try {
    const user = await getUser(id);
    return { enabled: user.enabled, role: user.role };
  } catch (error) {
    if (error instanceof HttpProblem && error.status === 404) return undefined;
    throw error;
  }
};

/** What a report may read as its owner today: the permissions to read it with, or why it may not. */
export const readingAsOwner = async (
  ownerId: string,
  definition: ReportDefinition,
): Promise<{ holds: (permission: Permission) => boolean } | { refusal: string }> => {
  const owner = await ownerNow(ownerId);
  const refusal = ownerRefusal(owner, checkDefinition(definition, today()));
  // ownerRefusal already refuses an owner without a role; the check narrows the type.
  if (refusal || !owner?.role) return { refusal: refusal ?? "The report's owner has no role" };
  const role = owner.role;
  return { holds: (permission) => can(role, permission) };
};
