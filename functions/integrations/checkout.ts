import type { IntegrationState } from '../../domain/integrations/integrations.ts';
import { templateOf } from '../../domain/integrations/templates.ts';
import { balanceDueOf } from '../../domain/sales/orders.ts';
import { DomainError } from '../../domain/shared/decider.ts';
import type { Actor } from '../../events/envelope.ts';
import { aggregates } from '../application/aggregates.ts';
import { loadRecord } from '../application/command.ts';
import { config } from '../runtime/config.ts';
import { createCheckoutSession } from './payments-api.ts';
import { openCredential } from './secrets.ts';

type Integration = Extract<IntegrationState, { exists: true }>;

/** A checkout the order or the integration does not allow: a business rule (422), not a malformed request. */
const refused = (message: string) => new DomainError('checkout-refused', message, 422);

/**
 * Opens a hosted card checkout for an order at the payments provider. Nothing is recorded on the order
 * here: the payment is recorded when the provider's signed webhook says it succeeded (or failed).
 */
export const startCheckout = async (
  integration: Integration,
  input: { orderId: string; amountCents?: number; returnUrl?: string },
  meta: { actor: Actor; correlationId: string },
) => {
  if (templateOf(integration.template).inbound !== 'payments' || !integration.baseUrl)
    throw refused(`${integration.name} does not take payments`);
  if (integration.status !== 'active') throw refused(`${integration.name} is disabled`);
  const order = (await loadRecord(aggregates.order, input.orderId)).state;
  if (!order.exists) throw refused(`No order ${input.orderId}`);
  if (order.stage === 'cancelled') throw refused('The order is cancelled');
  const due = balanceDueOf(order);
  const amountCents = input.amountCents ?? due;
  if (due <= 0) throw refused('Nothing is due on this order');
  if (amountCents > due) throw refused(`At most ${due} cents are due on this order`);
  const apiKey = await openCredential(integration, 'apiKey', 'call-provider', meta);
  if (!apiKey) throw refused(`${integration.name} has no API key`);
  const session = await createCheckoutSession(integration.baseUrl, apiKey, {
    amountCents,
    orderId: order.orderId,
    description: `Firefly order ${order.orderId}: ${order.modelName}`,
    returnUrl: input.returnUrl ?? `${config.publicApiUrl}/orders/${order.orderId}`,
  });
  return { sessionId: session.id, url: session.url, amountCents };
};
