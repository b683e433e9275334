import type { Permission } from '../api/types';

/** Where each kind of record lives in the console, by the aggregate name its event streams start with. */
const PAGES: Record<string, { path: string; permission: Permission; noun: string }> = {
  model: { path: '/models', permission: 'catalog:read', noun: 'model' },
  customer: { path: '/customers', permission: 'customers:read', noun: 'customer' },
  order: { path: '/orders', permission: 'orders:read', noun: 'order' },
  lead: { path: '/leads', permission: 'leads:read', noun: 'lead' },
  quote: { path: '/quotes', permission: 'quotes:read', noun: 'quote' },
  campaign: { path: '/campaigns', permission: 'marketing:read', noun: 'campaign' },
  build: { path: '/builds', permission: 'production:read', noun: 'build' },
  shipment: { path: '/shipments', permission: 'delivery:read', noun: 'shipment' },
  item: { path: '/inventory', permission: 'inventory:read', noun: 'item' },
  supplier: { path: '/suppliers', permission: 'purchasing:read', noun: 'supplier' },
  purchaseorder: { path: '/purchase-orders', permission: 'purchasing:read', noun: 'purchase order' },
};

/** The console page of the record an event stream belongs to (`order-01H…` → `/orders/01H…`). */
export const recordPage = (
  streamId: string,
): { to: string; permission: Permission; noun: string } | undefined => {
  const dash = streamId.indexOf('-');
  const page = PAGES[streamId.slice(0, dash)];
  if (dash < 0 || !page) return undefined;
  return {
    to: `${page.path}/${encodeURIComponent(streamId.slice(dash + 1))}`,
    permission: page.permission,
    noun: page.noun,
  };
};
