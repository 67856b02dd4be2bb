import { createServer } from "node:net";
import type { OrderConfirmationData } from "./notifications.types.ts";

/** Test data shared by the notifications tests (imported by *.test.ts only). */

export function orderData(overrides: Partial<OrderConfirmationData> = {}): OrderConfirmationData {
  return {
    orderId: "ord_1",
    orderNumber: 1042,
    customerName: "Acme Corp",
    statusUrl: "https://shop.example.test/store/acme/orders/ord_1",
    lines: [
      { name: "Dropbox Business", quantity: 5 },
      { name: "Extended Version History", quantity: 5 },
    ],
    total: { currency: "EUR", decimal: "750.00" },
    ...overrides,
  };
}

/** A TCP port nothing listens on: connecting to it is refused at once. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
