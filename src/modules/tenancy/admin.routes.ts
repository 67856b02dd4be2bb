import { z } from "zod";
import type { Deps } from "../../deps.ts";
import type { App } from "../../http/app.ts";
import { requireBss } from "../../http/auth.ts";
import { createApiKey } from "./create-api-key.ts";
import { createTenantReseller } from "./create-tenant-reseller.ts";
import { createUser } from "./create-user.ts";
import { getMyTenant } from "./get-my-tenant.ts";
import { listApiKeys } from "./list-api-keys.ts";
import { listTenantResellers } from "./list-tenant-resellers.ts";
import { listUsers } from "./list-users.ts";
import { revokeApiKey } from "./revoke-api-key.ts";
import {
  AccountJson,
  ApiKeyJson,
  accountJson,
  apiKeyJson,
  pageJson,
  TenantJson,
  tenantJson,
  UserJson,
  userJson,
} from "./tenancy.json.ts";
import {
  CreateApiKeyInput,
  CreateTenantResellerInput,
  CreateUserInput,
  ListPageQuery,
  ListUsersQuery,
  UpdateCompanyDetailsInput,
  UpdateUserInput,
} from "./tenancy.types.ts";
import { updateCompanyDetails } from "./update-company-details.ts";
import { updateUser } from "./update-user.ts";

const IdParams = z.strictObject({ id: z.string().min(1) });

/** BSS administration: the tenant, child tenant resellers, users and API keys. */
export function registerAdminRoutes(app: App, deps: Deps): void {
  app.get(
    "/api/bss/tenant",
    {
      schema: {
        tags: ["bss: tenants"],
        summary: "The tenant (BSS instance) I work in",
        response: { 200: TenantJson },
      },
    },
    async (request) => tenantJson(await getMyTenant(deps, requireBss(request, "viewer"))),
  );

  app.put(
    "/api/bss/tenant/company-details",
    {
      schema: {
        tags: ["bss: tenants"],
        summary:
          "Set the tenant's legal data printed as the seller on its invoices and credit notes (address, VAT ID; admin)",
        body: UpdateCompanyDetailsInput,
        response: { 200: TenantJson },
      },
    },
    async (request) =>
      tenantJson(await updateCompanyDetails(deps, requireBss(request, "admin"), request.body)),
  );

  app.get(
    "/api/bss/tenants",
    {
      schema: {
        tags: ["bss: tenants"],
        summary: "List the tenant resellers under my tenant",
        querystring: ListPageQuery,
        response: { 200: pageJson(TenantJson) },
      },
    },
    async (request) => {
      const page = await listTenantResellers(deps, requireBss(request, "viewer"), request.query);
      return { ...page, items: page.items.map(tenantJson) };
    },
  );

  app.post(
    "/api/bss/tenants",
    {
      schema: {
        tags: ["bss: tenants"],
        summary: "Create a tenant reseller: its BSS, its reseller account here, and its first admin",
        body: CreateTenantResellerInput,
        response: { 201: z.object({ tenant: TenantJson, account: AccountJson, admin: UserJson }) },
      },
    },
    async (request, reply) => {
      const created = await createTenantReseller(deps, requireBss(request, "admin"), request.body);
      return reply.status(201).send({
        tenant: tenantJson(created.tenant),
        account: accountJson(created.account),
        admin: userJson(created.admin),
      });
    },
  );

  const userTags = ["bss: users"];
  app.get(
    "/api/bss/users",
    {
      schema: {
        tags: userTags,
        summary: "List staff and Storefront users (admin)",
        querystring: ListUsersQuery,
        response: { 200: pageJson(UserJson) },
      },
    },
    async (request) => {
      const page = await listUsers(deps, requireBss(request, "admin"), request.query);
      return { ...page, items: page.items.map(userJson) };
    },
  );

  app.post(
    "/api/bss/users",
    {
      schema: {
        tags: userTags,
        summary: "Create a staff user, or a Storefront user of an account (with accountId)",
        body: CreateUserInput,
        response: { 201: UserJson },
      },
    },
    async (request, reply) => {
      const user = await createUser(deps, requireBss(request, "admin"), request.body);
      return reply.status(201).send(userJson(user));
    },
  );

  app.patch(
    "/api/bss/users/:id",
    {
      schema: {
        tags: userTags,
        summary: "Rename, change role, disable or re-enable a user",
        params: IdParams,
        body: UpdateUserInput,
        response: { 200: UserJson },
      },
    },
    async (request) => {
      const actor = requireBss(request, "admin");
      return userJson(await updateUser(deps, actor, { userId: request.params.id, patch: request.body }));
    },
  );

  const keyTags = ["bss: api keys"];
  app.get(
    "/api/bss/api-keys",
    {
      schema: {
        tags: keyTags,
        summary: "List API keys (never the key itself)",
        querystring: ListPageQuery,
        response: { 200: pageJson(ApiKeyJson) },
      },
    },
    async (request) => {
      const page = await listApiKeys(deps, requireBss(request, "admin"), request.query);
      return { ...page, items: page.items.map(apiKeyJson) };
    },
  );

  app.post(
    "/api/bss/api-keys",
    {
      schema: {
        tags: keyTags,
        summary: "Create an API key; the response holds the key, shown this once",
        body: CreateApiKeyInput,
        response: { 201: ApiKeyJson.extend({ key: z.string() }) },
      },
    },
    async (request, reply) => {
      const { apiKey, key } = await createApiKey(deps, requireBss(request, "admin"), request.body);
      return reply.status(201).send({ ...apiKeyJson(apiKey), key });
    },
  );

  app.delete(
    "/api/bss/api-keys/:id",
    {
      schema: { tags: keyTags, summary: "Revoke an API key", params: IdParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await revokeApiKey(deps, requireBss(request, "admin"), { apiKeyId: request.params.id });
      return reply.status(204).send(null);
    },
  );
}
