import { billingJobHandlers } from "../modules/billing/index.ts";
import { billingRunJobHandlers } from "../modules/billing-run/index.ts";
import { catalogJobHandlers } from "../modules/catalog/index.ts";
import { distributionJobHandlers } from "../modules/distribution/index.ts";
import { notificationJobHandlers } from "../modules/notifications/index.ts";
import { provisioningJobHandlers } from "../modules/provisioning/index.ts";
import { webhookJobHandlers } from "../modules/webhooks/index.ts";
import type { JobHandler } from "./jobs.types.ts";

/**
 * Every module's job handlers, for the worker (`openbss worker`, the in-process worker of
 * embedded mode, the manual clock's drain). Only entry points import this file: modules import
 * jobs/index.ts, and this file imports the modules.
 */
export const jobHandlers: readonly JobHandler[] = [
  ...catalogJobHandlers,
  ...notificationJobHandlers,
  ...billingJobHandlers,
  ...billingRunJobHandlers,
  ...provisioningJobHandlers,
  ...distributionJobHandlers,
  ...webhookJobHandlers,
];
