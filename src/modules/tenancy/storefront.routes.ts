import { z } from "zod";
import type { Deps } from "../../deps.ts";
import type { App } from "../../http/app.ts";
import { requireStorefront } from "../../http/auth.ts";
import { addContact } from "./add-contact.ts";
import { createStorefrontCustomer } from "./create-storefront-customer.ts";
import { listAccounts } from "./list-accounts.ts";
import { listContacts } from "./list-contacts.ts";
import {
  ContactJson,
  contactJson,
  pageJson,
  StorefrontAccountJson,
  storefrontAccountJson,
} from "./tenancy.json.ts";
import {
  AddContactInput,
  CreateStorefrontCustomerInput,
  ListAccountsQuery,
  ListPageQuery,
  UpdateStorefrontCustomerInput,
} from "./tenancy.types.ts";
import { updateStorefrontCustomer } from "./update-storefront-customer.ts";
import { viewAccount } from "./view-account.ts";

const IdParams = z.strictObject({ id: z.string().min(1) });

/**
 * Storefront: a reseller's users see and manage their own account and their end customers; an
 * end customer's users see their own account only. The scope is decided in tenancy.scope.ts.
 */
export function registerStorefrontAccountRoutes(app: App, deps: Deps): void {
  const tags = ["storefront: accounts"];

  app.get(
    "/api/storefront/accounts",
    {
      schema: {
        tags,
        summary: "List my account and, for a reseller, my customers",
        querystring: ListAccountsQuery,
        response: { 200: pageJson(StorefrontAccountJson) },
      },
    },
    async (request) => {
      const page = await listAccounts(deps, requireStorefront(request), request.query);
      return { ...page, items: page.items.map(storefrontAccountJson) };
    },
  );

  app.get(
    "/api/storefront/accounts/:id",
    {
      schema: {
        tags,
        summary: "Get an account of my scope",
        params: IdParams,
        response: { 200: StorefrontAccountJson },
      },
    },
    async (request) =>
      storefrontAccountJson(
        await viewAccount(deps, requireStorefront(request), { accountId: request.params.id }),
      ),
  );

  app.post(
    "/api/storefront/customers",
    {
      schema: {
        tags,
        summary: "Create an end customer under my reseller account (R-ORD-11)",
        body: CreateStorefrontCustomerInput,
        response: { 201: StorefrontAccountJson },
      },
    },
    async (request, reply) => {
      const account = await createStorefrontCustomer(deps, requireStorefront(request), request.body);
      return reply.status(201).send(storefrontAccountJson(account));
    },
  );

  app.patch(
    "/api/storefront/customers/:id",
    {
      schema: {
        tags,
        summary:
          "Switch Order Approval for one of my end customers (reseller users; refused while R-PAY-02 locks it on)",
        params: IdParams,
        body: UpdateStorefrontCustomerInput,
        response: { 200: StorefrontAccountJson },
      },
    },
    async (request) => {
      const actor = requireStorefront(request);
      return storefrontAccountJson(
        await updateStorefrontCustomer(deps, actor, { accountId: request.params.id, patch: request.body }),
      );
    },
  );

  app.get(
    "/api/storefront/accounts/:id/contacts",
    {
      schema: {
        tags,
        summary: "List the contacts of an account of my scope",
        params: IdParams,
        querystring: ListPageQuery,
        response: { 200: pageJson(ContactJson) },
      },
    },
    async (request) => {
      const actor = requireStorefront(request);
      const page = await listContacts(deps, actor, { accountId: request.params.id, ...request.query });
      return { ...page, items: page.items.map(contactJson) };
    },
  );

  app.post(
    "/api/storefront/accounts/:id/contacts",
    {
      schema: {
        tags,
        summary: "Add a contact to my account or one of my customers (reseller users)",
        params: IdParams,
        body: AddContactInput,
        response: { 201: ContactJson },
      },
    },
    async (request, reply) => {
      const actor = requireStorefront(request);
      const contact = await addContact(deps, actor, { accountId: request.params.id, contact: request.body });
      return reply.status(201).send(contactJson(contact));
    },
  );
}
