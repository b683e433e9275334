import type { OwnerNow } from '../../domain/reports/delivery.ts';
import { getUser } from '../api/users/directory.ts';
import { HttpProblem } from '../http/problem.ts';

/**
 * A report's owner as the user directory has them now (undefined when the account is gone): scheduled
 * runs and share links read as the owner may today, not as when the report was saved.
 */
export const ownerNow = async (id: string): Promise<OwnerNow | undefined> => {
  try {
    const user = await getUser(id);
    return { enabled: user.enabled, role: user.role };
  } catch (error) {
    if (error instanceof HttpProblem && error.status === 404) return undefined;
    throw error;
  }
};
