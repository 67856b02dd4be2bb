import type {
  AddonRefusal,
  AddonTarget,
  Provisioner,
  ProvisioningAction,
  ProvisioningOutcome,
  ProvisioningTarget,
  VendorState,
} from "../service-manager.ts";
import { ProvisioningRejectedError } from "../service-manager.ts";
import {
  ADD_ON_REFUSAL_TAGS,
  type DropboxClient,
  DropboxRejectedError,
  type DropboxTeam,
  DropboxValidationError,
  getTeam,
  type ProductFamily,
  precheck,
  runAction,
  type TeamRef,
  type TeamSpec,
  type VendorAction,
} from "./connector/index.ts";

export interface DropboxProvisionerOptions {
  /** The connector's client; a function so `serve` can point it at a sandbox started later. */
  client: () => DropboxClient;
  /**
   * Sandbox only: the base URL of its control routes, used to make a reseller known before its
   * customers' first order (the partner API has no such route: resellers are set up by Dropbox).
   */
  sandboxControlUrl?: () => string | undefined;
}

const FAMILIES: readonly ProductFamily[] = ["dropbox", "dropbox_sign"];

/**
 * The Dropbox provisioner: the vendor-neutral target (ProvisioningTarget) becomes target-state
 * calls on the connector. Every call is pre-checked first (R-PRV-02, `validate_only`); a refusal
 * of either becomes ProvisioningRejectedError with the vendor's user message (R-EXT-03); every
 * other error is left to the caller (a job) to retry. Safe to repeat: it reads the team, sends only
 * what differs, and a create whose answer was lost is reconciled by ensureTeam.
 */
export function createDropboxProvisioner(options: DropboxProvisionerOptions): Provisioner {
  const seeded = new Set<string>();
  /** `held`: the add-ons the team holds before the call (a refusal about add-ons names the changed ones). */
  const call = async (
    action: VendorAction,
    calls: string[],
    held: AddonTarget[] = [],
  ): Promise<DropboxTeam> => {
    const client = options.client();
    const pre = await precheck(client, action);
    if (!pre.ok) throw rejected(pre.error, addonRefusal(action, pre.error.tag, held));
    if (pre.alreadyDone) {
      calls.push("adopted");
      return pre.team;
    }
    calls.push(action.type);
    try {
      return await runAction(client, action);
    } catch (e) {
      throw e instanceof DropboxRejectedError || e instanceof DropboxValidationError
        ? rejected(e, addonRefusal(action, e.tag, held))
        : e;
    }
  };

  return {
    handles: (code) => (FAMILIES as readonly string[]).includes(code),

    async syncReseller(resellerId, name) {
      const control = options.sandboxControlUrl?.();
      if (!control || seeded.has(resellerId)) return;
      const res = await fetch(`${control}/__sandbox/seed`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ resellers: [{ id: resellerId, name }] }),
      });
      if (!res.ok) throw new Error(`The sandbox refused to seed reseller ${resellerId}: ${res.status}`);
      seeded.add(resellerId);
    },

    async isRestorable({ resellerId, externalId }) {
      try {
        const team = await getTeam(options.client(), { resellerId, teamId: externalId });
        return team.status === "cancelled" && team.retainedUntil !== null;
      } catch (e) {
        if (e instanceof DropboxRejectedError) return false; // deleted or never ours
        throw e;
      }
    },

    async precheckCreate(target) {
      const family = target.productTypeCode as ProductFamily;
      const pre = await precheck(options.client(), {
        type: "create",
        spec: spec(target, family, target.restoreExternalId ?? undefined),
      });
      if (pre.ok) return { ok: true };
      const refusal = rejected(pre.error);
      return {
        ok: false,
        message: refusal.message,
        ...(refusal.vendorCode ? { code: refusal.vendorCode } : {}),
      };
    },

    async getState({ resellerId, externalId }) {
      try {
        return toState(await getTeam(options.client(), { resellerId, teamId: externalId }));
      } catch (e) {
        if (e instanceof DropboxRejectedError && e.tag === "reseller_cannot_access_team") return undefined;
        throw e;
      }
    },

    async provision(target, _action: ProvisioningAction): Promise<ProvisioningOutcome> {
      const calls: string[] = [];
      const family = target.productTypeCode as ProductFamily;
      let team: DropboxTeam;
      if (target.externalId) {
        const ref = { resellerId: target.resellerId, teamId: target.externalId };
        team = await readTeam(options.client(), ref);
        // A partial upgrade's subscription lives in its origin's team: the origin provisions it.
        if (target.sharesExternalObject) return { externalId: team.teamId, calls, state: toState(team) };
        if (team.status === "cancelled" && target.status !== "canceled")
          team = await call({ type: "create", spec: spec(target, family, team.teamId) }, calls);
      } else {
        const restore = target.restoreExternalId ?? undefined;
        team = await call({ type: "create", spec: spec(target, family, restore) }, calls);
      }
      team = await converge(team, target, (a, held) => call(a, calls, held));
      return { externalId: team.teamId, calls, state: toState(team) };
    },
  };
}

function spec(target: ProvisioningTarget, product: ProductFamily, teamId: string | undefined): TeamSpec {
  return {
    resellerId: target.resellerId,
    product,
    sku: target.sku,
    licenses: target.quantity,
    addOns: target.addons,
    adminEmail: target.adminEmail,
    teamName: target.name,
    country: target.country,
    foreignTeamIds: target.foreignExternalIds,
    ...(teamId ? { teamId } : {}),
  };
}

async function readTeam(client: DropboxClient, ref: TeamRef): Promise<DropboxTeam> {
  try {
    return await getTeam(client, ref);
  } catch (e) {
    throw e instanceof DropboxRejectedError ? rejected(e) : e;
  }
}

/** The calls that bring the team to the target, in an order the vendor accepts. */
async function converge(
  start: DropboxTeam,
  target: ProvisioningTarget,
  call: (a: VendorAction, held?: AddonTarget[]) => Promise<DropboxTeam>,
): Promise<DropboxTeam> {
  let team = start;
  const ref = { resellerId: team.resellerId, teamId: team.teamId };
  if (target.status === "canceled") {
    if (team.status === "active" || team.status === "suspended")
      team = await call({ type: "cancel", ref, mode: "immediate" });
    return team;
  }
  if (team.status === "suspended" && target.status !== "suspended")
    team = await call({ type: "unsuspend", ref });
  if (team.status === "active") {
    // Licences now (increases apply at once), then the plan and add-ons now, then what changes at
    // the renewal (a decrease, a downgrade) — a change_plan to the current SKU would withdraw it.
    if (target.quantity > team.licensedUsers)
      team = await call({ type: "set_licenses", ref, licenses: target.quantity });
    if (team.sku !== target.sku || !sameAddons(team.addOns, target.addons))
      team = await call({ type: "change_plan", ref, sku: target.sku, addOns: target.addons }, team.addOns);
    const renewalSku = target.renewal?.sku ?? target.sku;
    if ((team.pendingChange?.sku ?? team.sku) !== renewalSku)
      team = await call({ type: "change_plan", ref, sku: renewalSku, addOns: target.addons }, team.addOns);
    const renewalQuantity = target.renewal?.quantity ?? target.quantity;
    if ((team.pendingChange?.licenses ?? team.licensedUsers) !== renewalQuantity)
      team = await call({ type: "set_licenses", ref, licenses: renewalQuantity });
    if (target.status === "active" && team.pendingChange?.cancel)
      team = await call({ type: "cancel", ref, mode: "revoke" });
    if (target.status === "end_of_term" && !team.pendingChange?.cancel)
      team = await call({ type: "cancel", ref, mode: "end_of_term" });
    if (target.status === "suspended") team = await call({ type: "suspend", ref });
  }
  return team;
}

const key = (a: AddonTarget[]) =>
  JSON.stringify(
    [...a].map((x) => [x.sku, x.quantity]).sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
  );
const sameAddons = (a: AddonTarget[], b: AddonTarget[]) => key(a) === key(b);

function rejected(
  e: DropboxRejectedError | DropboxValidationError,
  addons?: AddonRefusal,
): ProvisioningRejectedError {
  return new ProvisioningRejectedError(e.userMessage ?? e.message, e.tag, { cause: e, addons });
}

/**
 * D16: a refusal about add-ons (the connector's ADD_ON_REFUSAL_TAGS) of a call that sends add-ons
 * concerns the add-ons it was adding or changing — those not already held with that quantity —
 * never the plan. undefined for any other refusal (it stays on the subscription).
 */
function addonRefusal(
  action: VendorAction,
  tag: string | undefined,
  held: AddonTarget[],
): AddonRefusal | undefined {
  if (!tag || !ADD_ON_REFUSAL_TAGS.has(tag)) return undefined;
  const sent =
    action.type === "create" ? action.spec.addOns : action.type === "change_plan" ? action.addOns : [];
  const refused = sent.filter((a) => !held.some((h) => h.sku === a.sku && h.quantity === a.quantity));
  if (refused.length === 0) return undefined;
  const skus = new Set(refused.map((a) => a.sku));
  return {
    refused: refused.map((a) => ({ sku: a.sku, quantity: a.quantity })),
    held: held.filter((h) => skus.has(h.sku)).map((h) => ({ sku: h.sku, quantity: h.quantity })),
  };
}

export function toState(team: DropboxTeam): VendorState {
  const p = team.pendingChange;
  return {
    externalId: team.teamId,
    sku: team.sku,
    quantity: team.licensedUsers,
    addons: team.addOns.map((a) => ({ sku: a.sku, quantity: a.quantity })),
    status: team.status === "cancelled" ? "canceled" : team.status,
    renewal: p ? { quantity: p.licenses ?? null, sku: p.sku ?? null, cancel: Boolean(p.cancel) } : null,
    retainedUntil: team.retainedUntil,
  };
}
