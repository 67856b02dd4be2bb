import type { Db } from "../../shared/db.ts";
import { findUser } from "./tenancy.repo.ts";

/**
 * Whom to write to for a user of the tenant (issue 15's notices: a subscription's responsible user,
 * the submitter of a request): its email and name, or undefined for a missing or disabled user.
 */
export async function findUserContact(
  db: Db,
  tenantId: string,
  userId: string,
): Promise<{ email: string; name: string; accountId: string | null } | undefined> {
  const user = await findUser(db, tenantId, userId);
  if (!user || user.disabledAt) return undefined;
  return { email: user.email, name: user.name, accountId: user.accountId };
}
