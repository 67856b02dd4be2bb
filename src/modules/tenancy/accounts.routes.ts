import { z } from "zod";
import type { Deps } from "../../deps.ts";
import type { App } from "../../http/app.ts";
import { requireBss } from "../../http/auth.ts";
import { addContact } from "./add-contact.ts";
import { createAccount } from "./create-account.ts";
import { listAccounts } from "./list-accounts.ts";
import { listContacts } from "./list-contacts.ts";
import { AccountJson, accountJson, ContactJson, contactJson, pageJson } from "./tenancy.json.ts";
import {
  AddContactInput,
  CreateAccountInput,
  ListAccountsQuery,
  ListPageQuery,
  UpdateAccountInput,
  UpdateContactInput,
} from "./tenancy.types.ts";
import { updateAccount } from "./update-account.ts";
import { updateContact } from "./update-contact.ts";
import { viewAccount } from "./view-account.ts";

const IdParams = z.strictObject({ id: z.string().min(1) });
const ContactParams = z.strictObject({ id: z.string().min(1), contactId: z.string().min(1) });

/** BSS back office: accounts (resellers, end customers, direct customers) and their contacts. */
export function registerAccountRoutes(app: App, deps: Deps): void {
  const tags = ["bss: accounts"];

  app.get(
    "/api/bss/accounts",
    {
      schema: {
        tags,
        summary: "List accounts (filter by kind, parent, status, q on name/email)",
        querystring: ListAccountsQuery,
        response: { 200: pageJson(AccountJson) },
      },
    },
    async (request) => {
      const page = await listAccounts(deps, requireBss(request, "viewer"), request.query);
      return { ...page, items: page.items.map(accountJson) };
    },
  );

  app.post(
    "/api/bss/accounts",
    {
      schema: {
        tags,
        summary: "Create a reseller, an end customer (under a reseller) or a direct customer",
        body: CreateAccountInput,
        response: { 201: AccountJson },
      },
    },
    async (request, reply) => {
      const account = await createAccount(deps, requireBss(request, "clerk"), request.body);
      return reply.status(201).send(accountJson(account));
    },
  );

  app.get(
    "/api/bss/accounts/:id",
    { schema: { tags, summary: "Get an account", params: IdParams, response: { 200: AccountJson } } },
    async (request) =>
      accountJson(await viewAccount(deps, requireBss(request, "viewer"), { accountId: request.params.id })),
  );

  app.patch(
    "/api/bss/accounts/:id",
    {
      schema: {
        tags,
        summary: "Update an account (Standard → Basic removes the Storefront alias)",
        params: IdParams,
        body: UpdateAccountInput,
        response: { 200: AccountJson },
      },
    },
    async (request) => {
      const actor = requireBss(request, "clerk");
      return accountJson(
        await updateAccount(deps, actor, { accountId: request.params.id, patch: request.body }),
      );
    },
  );

  app.get(
    "/api/bss/accounts/:id/contacts",
    {
      schema: {
        tags,
        summary: "List an account's contacts (primary first)",
        params: IdParams,
        querystring: ListPageQuery,
        response: { 200: pageJson(ContactJson) },
      },
    },
    async (request) => {
      const actor = requireBss(request, "viewer");
      const page = await listContacts(deps, actor, { accountId: request.params.id, ...request.query });
      return { ...page, items: page.items.map(contactJson) };
    },
  );

  app.post(
    "/api/bss/accounts/:id/contacts",
    {
      schema: {
        tags,
        summary: "Add a contact (the first one becomes primary)",
        params: IdParams,
        body: AddContactInput,
        response: { 201: ContactJson },
      },
    },
    async (request, reply) => {
      const actor = requireBss(request, "clerk");
      const contact = await addContact(deps, actor, { accountId: request.params.id, contact: request.body });
      return reply.status(201).send(contactJson(contact));
    },
  );

  app.patch(
    "/api/bss/accounts/:id/contacts/:contactId",
    {
      schema: {
        tags,
        summary: "Update a contact; isPrimary: true makes it the primary contact",
        params: ContactParams,
        body: UpdateContactInput,
        response: { 200: ContactJson },
      },
    },
    async (request) => {
      const actor = requireBss(request, "clerk");
      const { id, contactId } = request.params;
      return contactJson(await updateContact(deps, actor, { accountId: id, contactId, patch: request.body }));
    },
  );
}
