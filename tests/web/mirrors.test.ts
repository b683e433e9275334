import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as access from '../../domain/access/permissions.ts';
import * as leadStates from '../../domain/customers/leads.ts';
import * as shipments from '../../domain/delivery/shipments.ts';
import * as builds from '../../domain/production/builds.ts';
import * as purchaseOrders from '../../domain/purchasing/purchase-orders.ts';
import * as orders from '../../domain/sales/orders.ts';
import * as quotes from '../../domain/sales/quotes.ts';
import * as customerEvents from '../../events/contexts/customers.ts';
import * as deliveryEvents from '../../events/contexts/delivery.ts';
import * as inventoryEvents from '../../events/contexts/inventory.ts';
import * as leadEvents from '../../events/contexts/leads.ts';
import * as productionEvents from '../../events/contexts/production.ts';
import * as salesEvents from '../../events/contexts/sales.ts';
import { CampaignStatus } from '../../functions/api/marketing/contract.ts';
import { FORMATS } from '../../functions/export/formats.ts';

/**
 * The console reaches the platform over HTTP only (architecture: web/ imports nothing else), so it
 * mirrors the API's vocabularies. Each mirror must equal its one definition, in the same order (the
 * order is the order choices are offered in).
 */
// Loaded by path: the web project type-checks these files under its own compiler settings (bundler
// resolution, no file extensions), which the root project's would reject.
type Vocabularies = Record<string, readonly string[]>;
const web = (path: string): Promise<Vocabularies> =>
  import(pathToFileURL(resolve(import.meta.dirname, '../../web/src', path)).href);
const [consoleApi, consoleSales, consoleOperations, consoleBackups] = await Promise.all([
  web('api/types.ts'),
  web('features/sales/types.ts'),
  web('features/operations/types.ts'),
  web('features/backups/types.ts'),
]);

const mirrors: [string, readonly string[] | undefined, readonly string[]][] = [
  ['ROLES', consoleApi.ROLES, access.ROLES],
  ['PERMISSIONS', consoleApi.PERMISSIONS, access.PERMISSIONS],
  ['ORDER_STAGES', consoleApi.ORDER_STAGES, orders.ORDER_STAGES],
  ['PAYMENT_METHODS', consoleApi.PAYMENT_METHODS, salesEvents.PAYMENT_METHODS],
  ['PAYMENT_KINDS', consoleApi.PAYMENT_KINDS, salesEvents.PAYMENT_KINDS],
  ['LEAD_CHANNELS', consoleSales.LEAD_CHANNELS, leadEvents.LEAD_CHANNELS],
  ['LEAD_STATUSES', consoleSales.LEAD_STATUSES, leadStates.LEAD_STATUSES],
  ['DISQUALIFY_REASONS', consoleSales.DISQUALIFY_REASONS, leadEvents.DISQUALIFY_REASONS],
  ['TIMELINES', consoleSales.TIMELINES, leadEvents.TIMELINES],
  ['CONTACT_METHODS', consoleSales.CONTACT_METHODS, customerEvents.CONTACT_METHODS],
  ['QUOTE_STATUSES', consoleSales.QUOTE_STATUSES, quotes.QUOTE_STATUSES],
  ['DISCOUNT_STATUSES', consoleSales.DISCOUNT_STATUSES, quotes.DISCOUNT_STATUSES],
  ['QUOTE_LINE_KINDS', consoleSales.QUOTE_LINE_KINDS, salesEvents.QUOTE_LINE_KINDS],
  ['CAMPAIGN_STATUSES', consoleSales.CAMPAIGN_STATUSES, CampaignStatus.options],
  ['BUILD_STATUSES', consoleOperations.BUILD_STATUSES, builds.BUILD_STATUSES],
  ['BUILD_STAGES', consoleOperations.BUILD_STAGES, productionEvents.BUILD_STAGES],
  ['DELAY_REASONS', consoleOperations.DELAY_REASONS, productionEvents.DELAY_REASONS],
  ['SHIPMENT_STATUSES', consoleOperations.SHIPMENT_STATUSES, shipments.SHIPMENT_STATUSES],
  ['CLAIM_OUTCOMES', consoleOperations.CLAIM_OUTCOMES, deliveryEvents.CLAIM_OUTCOMES],
  ['ADJUSTMENT_REASONS', consoleOperations.ADJUSTMENT_REASONS, inventoryEvents.ADJUSTMENT_REASONS],
  [
    'PURCHASE_ORDER_STATUSES',
    consoleOperations.PURCHASE_ORDER_STATUSES,
    purchaseOrders.PURCHASE_ORDER_STATUSES,
  ],
  ['FORMATS', consoleBackups.FORMATS, FORMATS],
];

describe("the console's mirrors of the API's vocabularies", () => {
  it.each(mirrors)('%s matches its definition', (_name, mirror, source) => {
    expect(mirror).toBeDefined();
    expect([...(mirror ?? [])]).toEqual([...source]);
  });
});
