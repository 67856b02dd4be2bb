import type { Operation } from "./probes.ts";
import type { JsonSchema } from "./schema.ts";
import { SAME_ORIGIN, type World } from "./world.ts";

/** The operations of the OpenAPI document the app serves, and how each is called in the world. */

interface OpenApiDoc {
  paths: Record<string, Record<string, OpenApiOperation>>;
}
interface OpenApiOperation {
  parameters?: Array<{ in: string; name: string; required?: boolean; schema?: JsonSchema }>;
  requestBody?: { content?: Record<string, { schema: JsonSchema }> };
}

export function operationsOf(doc: unknown): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries((doc as OpenApiDoc).paths)) {
    for (const [method, op] of Object.entries(item)) {
      const params = op.parameters ?? [];
      out.push({
        method: method.toUpperCase(),
        path,
        pathParams: params
          .filter((p) => p.in === "path")
          .map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        queryParams: params
          .filter((p) => p.in === "query")
          .map((p) => ({ name: p.name, schema: p.schema ?? {}, required: p.required ?? false })),
        body: op.requestBody?.content?.["application/json"]?.schema,
      });
    }
  }
  // The sandbox clock goes first: advancing it drains the outbox, which every other operation fills.
  const clock = out.findIndex((o) => o.method === "POST" && o.path === "/api/bss/clock/advance");
  if (clock > 0) out.unshift(...out.splice(clock, 1));
  return out;
}

let currencies = 0;
/** A currency code no protection term of the world has yet (one term per product/type, currency, term). */
export function freshCurrency(): string {
  const n = currencies++;
  const letter = (i: number) => String.fromCharCode(65 + (i % 26));
  return `Q${letter(Math.floor(n / 26))}${letter(n)}`;
}

/** A path parameter's id, by the path segment before it. */
const BY_SEGMENT: Record<string, string> = {
  accounts: "customerA1",
  // PATCH /api/storefront/customers/{id} (R-PAY-02): A3, whose approval is already off — switching
  // A1 off would let its "pending" orders run at once.
  customers: "customerA3",
  contacts: "contactId",
  users: "adminUserId",
  "product-types": "productTypeId",
  products: "productId",
  "upgrade-paths": "upgradePathId",
  "price-lists": "priceListId",
  "price-protection-terms": "protectionTermId",
  entries: "productId",
  "product-groups": "productGroupId",
  storefronts: "resellerA",
  "service-managers": "serviceManagerId",
  "service-manager-runs": "serviceManagerRunId",
  stores: "alias",
  orders: "orderId",
  lines: "basketLineId",
  subscriptions: "subscriptionId",
  addons: "addonId",
  messages: "messageId",
  jobs: "jobId",
  documents: "documentId",
  payments: "paymentId",
  "tenant-resellers": "tenantResellerId",
  runs: "billingRunId",
  "credit-notes": "creditNoteId",
  endpoints: "webhookEndpointId",
  deliveries: "webhookDeliveryId",
  "cancellation-requests": "cancellationRequestId",
};

export interface Call {
  params: Record<string, string>;
  headers: Record<string, string>;
  body?: unknown;
  ids?: Record<string, string>;
}

/**
 * Credentials (BSS: the admin's API key; Storefront: reseller A's storefront admin, with
 * same-origin headers) and path parameters; throwaway targets where an accepted request would
 * destroy or change what other operations use.
 */
export async function callFor(op: Operation, w: World): Promise<Call> {
  const key = `${op.method} ${op.path}`;
  const headers = op.path.startsWith("/api/storefront")
    ? w.credentials.storefront
    : op.path.startsWith("/api/bss")
      ? w.credentials.bss
      : {};
  const params: Record<string, string> = {};
  const segments = op.path.split("/");
  for (const p of op.pathParams) {
    const before = segments[segments.indexOf(`{${p.name}}`) - 1] ?? "";
    const id = BY_SEGMENT[before];
    params[p.name] = id ? w.ids[id as keyof World["ids"]] : "plausible-id";
  }
  const call: Call = { params, headers };
  const mutating = op.method !== "GET";

  if (mutating && /^\/api\/\w+\/subscriptions\/\{id\}\//.test(op.path)) {
    const s = await w.fresh.subscription();
    params.id = s.id;
    if ("addonId" in params) params.addonId = s.addonId;
    call.ids = { subscriptionId: s.id, addonId: s.addonId };
    if (op.path.endsWith("/addons")) call.ids.productId = w.ids.addonProductId;
  }
  // A draft credit note's commands discard, shrink or issue it: each gets its own draft (R-DOC-01).
  if (op.path.startsWith("/api/bss/credit-notes/{id}")) {
    if (mutating) {
      const cn = await w.fresh.creditNote();
      params.id = cn.id;
      if ("lineId" in params) params.lineId = cn.lineId;
    } else params.id = w.ids.creditNoteId;
  }
  if (mutating && /\/orders\/\{id\}\/(execute|cancel|approve|reject)$/.test(op.path))
    params.id = await w.fresh.pendingOrder();

  // Issue 15: a decision or a withdrawal acts on a throwaway pending request.
  if (mutating && /\/cancellation-requests\/\{id\}\/(approve|reject|withdraw)$/.test(op.path))
    params.id = await w.fresh.cancellationRequest();

  switch (key) {
    case "PATCH /api/bss/catalog/product-types/{id}":
      params.id = await w.fresh.productType();
      break;
    case "POST /api/bss/auth/logout":
      call.headers = await w.fresh.bssSession();
      break;
    case "POST /api/storefront/auth/logout":
      call.headers = await w.fresh.storefrontSession();
      break;
    case "POST /api/bss/auth/login":
    case "POST /api/storefront/auth/login":
      call.headers = SAME_ORIGIN;
      call.body = {
        email: key.includes("bss") ? await w.fresh.loginEmail() : w.sfAdminEmail,
        password: "correct horse battery",
      };
      break;
    case "DELETE /api/bss/api-keys/{id}":
      params.id = await w.fresh.apiKey();
      break;
    case "DELETE /api/bss/webhooks/endpoints/{id}":
      params.id = await w.fresh.webhookEndpoint();
      break;
    case "PATCH /api/bss/users/{id}":
      params.id = await w.fresh.user();
      break;
    case "PATCH /api/bss/accounts/{id}":
      params.id = await w.fresh.account();
      break;
    case "PATCH /api/bss/catalog/products/{id}":
      params.id = await w.fresh.product();
      break;
    case "PUT /api/bss/catalog/product-groups/{id}/members":
      params.id = await w.fresh.productGroup();
      break;
    case "DELETE /api/bss/catalog/storefronts/{resellerAccountId}/publications/{publicationId}":
      params.publicationId = await w.fresh.publication();
      break;
    case "DELETE /api/bss/catalog/price-protection-terms/{id}":
      params.id = await w.fresh.protectionTerm();
      break;
    case "POST /api/bss/catalog/price-protection-terms":
      call.body = { productTypeId: w.ids.productTypeId, currency: freshCurrency(), term: "AC1M", months: 6 };
      break;
    case "DELETE /api/storefront/basket/lines/{lineId}":
      params.lineId = await w.fresh.basketLine();
      break;
    case "POST /api/bss/credit-notes":
      call.body = { invoiceId: w.ids.invoiceId, reason: "Sweep", whole: true }; // a draft: reserves nothing
      break;
    case "POST /api/bss/clock/advance":
      call.body = { days: 1 };
      break;
    case "POST /api/bss/subscriptions/{id}/pricing":
      call.body = { applyTo: "next", discountBasisPoints: 500 };
      break;
    case "POST /api/bss/subscriptions/{id}/edit":
      call.body = { name: "Renamed" };
      break;
    case "POST /api/bss/catalog/storefronts/{resellerAccountId}/publications":
      call.body = { productGroupId: w.ids.productGroupId };
      break;
  }
  return call;
}
