/** The tenancy module's public API: the only file other modules import. */

export {
  ACCOUNT_CHANGED,
  type AccountChanged,
  assertContactOf,
  assertStaffUser,
  findAccountCopy,
  LOCKED_ACCOUNT_FIELDS,
  listAccountCopies,
  listEndCustomers,
  upsertAccountCopy,
} from "./account-copies.ts";
export { accountNames } from "./account-names.ts";
export type { ContactRow as Contact } from "./accounts.repo.ts";
export { addContact } from "./add-contact.ts";
export { actorFromApiKey, actorFromSession, hashToken, login, logout, newToken } from "./auth.ts";
export { findBillingContact } from "./billing-contact.ts";
export { bootstrapDistributor } from "./bootstrap-distributor.ts";
export { createAccount } from "./create-account.ts";
export { createApiKey } from "./create-api-key.ts";
export { createStorefrontCustomer } from "./create-storefront-customer.ts";
export { createTenantReseller } from "./create-tenant-reseller.ts";
export { createUser } from "./create-user.ts";
export { findAccountNames, findTenantResellerNames } from "./find-names.ts";
export { findUserContact } from "./find-user-contact.ts";
export { getMyTenant } from "./get-my-tenant.ts";
export { listAccounts } from "./list-accounts.ts";
export { listApiKeys } from "./list-api-keys.ts";
export { listContacts } from "./list-contacts.ts";
export { listTenantResellers } from "./list-tenant-resellers.ts";
export { listUsers } from "./list-users.ts";
export { hashPassword, verifyPassword } from "./passwords.ts";
export { revokeApiKey } from "./revoke-api-key.ts";
export type { ApiKeyView as ApiKey, UserView as User } from "./tenancy.json.ts";
export {
  type Account,
  assertAccountVisible,
  findAccountByAlias,
  findTenantBySlug,
  getAccount,
  getTenant,
  isRootTenant,
  isVisible as isAccountVisible,
  listAllTenants,
  type Tenant,
  visibleAccountIds,
} from "./tenancy.scope.ts";
export * from "./tenancy.types.ts";
export { updateAccount } from "./update-account.ts";
export { updateCompanyDetails } from "./update-company-details.ts";
export { updateContact } from "./update-contact.ts";
export { updateStorefrontCustomer } from "./update-storefront-customer.ts";
export { updateUser } from "./update-user.ts";
export { viewAccount } from "./view-account.ts";
