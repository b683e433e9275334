import { httpHandler, implement } from '../http/adapter.ts';
import { callerAddress } from '../http/caller-address.ts';
import { HttpProblem } from '../http/problem.ts';
import { receiveWebhook } from '../integrations/inbound.ts';
import { receiveDelivery } from './contract.ts';

/**
 * Third parties' webhooks, outside the JWT authorizer: the signature is the authentication. Thin: the
 * work is functions/integrations/inbound.ts.
 */
export const handler = httpHandler('webhooks', [
  implement(receiveDelivery, async ({ params, body, event, correlationId }) => {
    const outcome = await receiveWebhook({
      integrationId: params.integrationId,
      raw: body,
      headers: event.headers,
      ip: callerAddress(event),
      userAgent: event.headers['user-agent'],
      correlationId,
      now: new Date(),
    });
    if ('problem' in outcome)
      throw new HttpProblem(outcome.status, outcome.problem, outcome.title, outcome.detail);
    return { body: outcome.body };
  }),
]);
