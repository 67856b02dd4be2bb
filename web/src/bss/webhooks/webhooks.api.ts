/** Webhook endpoints and deliveries as the API answers them (issue 15.5). */
export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  enabled: boolean;
  secretRotatedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookDelivery {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  replayOf: string | null;
  status: "pending" | "succeeded" | "failed";
  attempts: number;
  maxAttempts: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  completedAt: string | null;
}

export interface WebhookAttempt {
  attempt: number;
  startedAt: string;
  durationMs: number;
  statusCode: number | null;
  responseBody: string | null;
  error: string | null;
  success: boolean;
}

export interface WebhookDeliveryDetail extends WebhookDelivery {
  payload: unknown;
  attemptLog: WebhookAttempt[];
}

export interface EventType {
  type: string;
  description: string;
}
