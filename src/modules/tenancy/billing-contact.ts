import { and, eq } from "drizzle-orm";
import type { Db } from "../../shared/db.ts";
import { contacts } from "./tenancy.schema.ts";
import { getAccount } from "./tenancy.scope.ts";

/**
 * R-DOC-03: who receives an account's invoices and credit notes — its primary contact, else the
 * account's own email; null when it has neither (the document is then recorded as not delivered).
 */
export async function findBillingContact(
  db: Db,
  tenantId: string,
  accountId: string,
): Promise<{ email: string; name: string } | null> {
  const account = await getAccount(db, tenantId, accountId);
  const [primary] = await db
    .select({ email: contacts.email, name: contacts.name })
    .from(contacts)
    .where(
      and(eq(contacts.tenantId, tenantId), eq(contacts.accountId, accountId), eq(contacts.isPrimary, true)),
    )
    .limit(1);
  if (primary?.email) return { email: primary.email, name: primary.name };
  if (account.email) return { email: account.email, name: account.name };
  return null;
}
