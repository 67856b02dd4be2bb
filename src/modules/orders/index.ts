/** The orders module's public API: the only file other modules import. */
export { addBasketLine } from "./add-basket-line.ts";
export { approveOrder } from "./approve-order.ts";
export { cancelOrder } from "./cancel-order.ts";
export { checkoutBasket, type OrderCommandResult } from "./checkout-basket.ts";
export { executeOrder } from "./execute-order.ts";
export { getBasket, precheckBasket } from "./get-basket.ts";
export { getOrder } from "./get-order.ts";
export { listOrders, type OrderSummary } from "./list-orders.ts";
export { CACHE_TTL_MS, clearOrderProductCache } from "./order-products.ts";
export type { BasketJson, OrderJson } from "./orders.json.ts";
export { registerOrderRoutes } from "./orders.routes.ts";
export * from "./orders.rules.ts";
export { orderStates } from "./orders.states.ts";
export * from "./orders.types.ts";
export { placeBssOrder } from "./place-bss-order.ts";
export { rejectOrder } from "./reject-order.ts";
export { removeBasketLine } from "./remove-basket-line.ts";
export { updateBasketLine } from "./update-basket-line.ts";
