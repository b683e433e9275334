import type { LeadState } from '../../domain/customers/leads.ts';
import type { PurchaseOrderState } from '../../domain/purchasing/purchase-orders.ts';
import {
  type Contribution,
  customerCampaignOf,
  leadContribution,
  orderContribution,
  purchaseOrderContribution,
} from '../../domain/reports/kept.ts';
import type { OrderState } from '../../domain/sales/orders.ts';
import { idOf } from '../../events/envelope.ts';
import {
  type KeptRecord,
  keepContribution,
  keepCustomerCampaign,
  keptItems,
  noteCustomerOrder,
} from '../adapters/kept-figures.ts';
import { getRow, type ViewRow } from '../adapters/views.ts';
import { aggregates } from '../application/aggregates.ts';

/**
 * The report figures the projector keeps beside the view rows (domain/reports/kept.ts): after a row of
 * an order, a lead or a purchase order changes, its contribution replaces the one it made before.
 *
 * An order's contribution also depends on its customer's campaign, which the customer's lead brings and
 * which may be projected after the order. So a contribution's version is the row's version doubled, plus
 * one once the campaign is known: the campaign arriving later makes the same row a newer contribution,
 * and a lead that brings it re-keeps the orders its customer placed.
 */
type AnyRow = Pick<ViewRow<unknown>, 'view' | 'id' | 'version' | 'state' | 'createdAt' | 'updatedAt'>;

const keptVersion = (row: AnyRow, campaign: string | undefined) => row.version * 2 + (campaign ? 1 : 0);

const contributionOf = (row: AnyRow, campaign: string | undefined): Contribution | undefined => {
  switch (row.view) {
    case aggregates.order.view:
      return orderContribution(row as unknown as ViewRow<OrderState>, campaign);
    case aggregates.lead.view:
      return leadContribution(row as unknown as ViewRow<LeadState>);
    case aggregates.purchaseOrder.view:
      return purchaseOrderContribution(row as unknown as ViewRow<PurchaseOrderState>);
    default:
      return undefined;
  }
};

const customerOf = (row: AnyRow): string | undefined => {
  if (row.view !== aggregates.order.view) return undefined;
  const order = row.state as OrderState;
  return order.exists ? order.customerId : undefined;
};

/** Brings the kept figures up to this row (the projector calls it on every delivery of its stream). */
export const keepFigures = async (streamId: string, row: AnyRow | undefined): Promise<void> => {
  if (!row) return;
  const customerId = customerOf(row);
  const campaign = customerId ? await noteCustomerOrder(customerId, streamId) : undefined;
  const contribution = contributionOf(row, campaign);
  if (!contribution) return;
  await keepContribution(streamId, row.id, keptVersion(row, campaign), contribution);
  const link = row.view === aggregates.lead.view && customerCampaignOf(row as unknown as ViewRow<LeadState>);
  if (link)
    for (const orderStream of await keepCustomerCampaign(...link))
      await keepFigures(orderStream, await getRow(aggregates.order.view, idOf(orderStream)));
};

/** The figures' items for a rebuild, from every row it made, by stream. */
export const keptItemsOf = (rows: ReadonlyMap<string, AnyRow>): Record<string, unknown>[] => {
  const links = new Map<string, { campaignId?: string; orders: Set<string> }>();
  const linkOf = (customerId: string) => {
    let link = links.get(customerId);
    if (!link) {
      link = { orders: new Set() };
      links.set(customerId, link);
    }
    return link;
  };
  for (const [streamId, row] of rows) {
    const customerId = customerOf(row);
    if (customerId) linkOf(customerId).orders.add(streamId);
    const link =
      row.view === aggregates.lead.view && customerCampaignOf(row as unknown as ViewRow<LeadState>);
    if (link) linkOf(link[0]).campaignId = link[1];
  }
  const records: KeptRecord[] = [];
  for (const [streamId, row] of rows) {
    const customerId = customerOf(row);
    const campaign = customerId ? links.get(customerId)?.campaignId : undefined;
    const contribution = contributionOf(row, campaign);
    if (contribution)
      records.push({ streamId, recordId: row.id, version: keptVersion(row, campaign), contribution });
  }
  return keptItems(records, links);
};
