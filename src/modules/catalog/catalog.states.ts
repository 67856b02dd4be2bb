import { defineStateMachine } from "../../shared/state-machine.ts";

/**
 * A service-manager run (Get Services Definition). A retry of its job may run a failed or an
 * interrupted (still "running") run again; a succeeded run is final, so a duplicate delivery of
 * the job changes nothing.
 */
export type RunStatus = "queued" | "running" | "succeeded" | "failed";

export const runStates = defineStateMachine<RunStatus>("service-manager run", {
  queued: ["running"],
  running: ["running", "succeeded", "failed"],
  failed: ["running"],
  succeeded: [],
});
