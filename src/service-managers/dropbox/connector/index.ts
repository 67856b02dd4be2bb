/**
 * The Dropbox connector: the HTTP client (token, timeouts, retries), the error table, and the
 * target-state operations with reconciliation and validate-only pre-checks. The service manager
 * (provisioning jobs) uses only this module's exports.
 */
export {
  type CallSafety,
  type ClientStats,
  DropboxClient,
  type DropboxClientOptions,
  type RetryInfo,
} from "./client.ts";
export {
  ADD_ON_REFUSAL_TAGS,
  classify,
  DropboxAuthError,
  DropboxError,
  type DropboxErrorKind,
  DropboxRateLimitedError,
  DropboxRejectedError,
  DropboxTransientError,
  DropboxUnknownOutcomeError,
  DropboxValidationError,
  ERROR_TABLE,
  isDropboxError,
} from "./errors.ts";
export {
  type AddOn,
  type CancelMode,
  cancelTeam,
  changePlan,
  type DropboxTeam,
  type EnsureOutcome,
  ensureTeam,
  findMatchingTeam,
  getTeam,
  listTeams,
  type PendingChange,
  type PrecheckResult,
  type ProductFamily,
  precheck,
  runAction,
  setLicenses,
  suspendTeam,
  type TeamRef,
  type TeamSpec,
  type TeamStatus,
  unsuspendTeam,
  type VendorAction,
} from "./operations.ts";
