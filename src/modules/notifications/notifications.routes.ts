import type { Deps } from "../../deps.ts";
import type { App } from "../../http/app.ts";

export function registerNotificationRoutes(_app: App, _deps: Deps): void {}
