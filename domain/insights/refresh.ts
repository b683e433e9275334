import type { InsightsScope } from './runs.ts';

/**
 * Which domain events refresh the insights at once, and how much of them: stock falling (used, reserved,
 * or adjusted down) refreshes the inventory advice and item forecasts; an order at least this large
 * refreshes everything (revenue, orders and item demand all move). Smaller orders wait for the night.
 */
export const LARGE_ORDER_CENTS = 12_000_000;

export interface Refresh {
  scope: InsightsScope;
  /** For people reading the run: what started it. */
  cause: string;
}

export const refreshFor = (event: { type: string; data: unknown }): Refresh | undefined => {
  const data = (event.data ?? {}) as {
    itemId?: string;
    delta?: number;
    totalCents?: number;
    orderId?: string;
  };
  switch (event.type) {
    case 'StockConsumed':
    case 'StockReserved':
      return { scope: 'inventory', cause: `${event.type} on ${data.itemId}` };
    case 'StockAdjusted':
      return (data.delta ?? 0) < 0
        ? { scope: 'inventory', cause: `StockAdjusted (${data.delta}) on ${data.itemId}` }
        : undefined;
    case 'OrderPlaced':
      return (data.totalCents ?? 0) >= LARGE_ORDER_CENTS
        ? {
            scope: 'all',
            cause: `OrderPlaced ${data.orderId} of $${Math.round((data.totalCents ?? 0) / 100)}`,
          }
        : undefined;
    default:
      return undefined;
  }
};

/** Two pending refreshes make one: everything when either wants everything. */
export const wider = (a: InsightsScope | undefined, b: InsightsScope): InsightsScope =>
  a === 'all' || b === 'all' ? 'all' : 'inventory';
