import { aggregates } from '../../application/aggregates.ts';
import { completeStage, scheduleBuild, startBuild } from '../../application/cross-aggregate.ts';
import { httpHandler, implement } from '../../http/adapter.ts';
import { storeFor, today } from '../../http/requests.ts';
import { recordsOf } from '../records.ts';
import * as api from './contract.ts';

const builds = recordsOf(aggregates.build, api.buildActionRoutes);

export const handler = httpHandler('production', [
  implement(api.listBuilds, ({ query, actor }) => builds.list(actor, query)),
  implement(api.scheduleBuild, async (request) => {
    await scheduleBuild(storeFor(request), request.body);
    return { status: 201, ...(await builds.read(request.actor, request.body.orderId)) };
  }),
  implement(api.getBuild, ({ params, actor }) => builds.read(actor, params.id)),
  implement(api.buildEvents, ({ params }) => builds.history(params.id)),
  implement(api.startBuild, async (request) => {
    const { id } = request.params;
    await startBuild(storeFor(request), {
      buildId: id,
      on: request.body.on ?? today(),
      expectedVersion: request.ifMatch,
    });
    return builds.read(request.actor, id);
  }),
  implement(api.completeStage, async (request) => {
    const { id } = request.params;
    await completeStage(storeFor(request), {
      buildId: id,
      stage: request.body.stage,
      on: request.body.on ?? today(),
      expectedVersion: request.ifMatch,
    });
    return builds.read(request.actor, id);
  }),
  implement(api.delayBuild, (request) =>
    builds.command(request, request.params.id, { type: 'DelayBuild', ...request.body }),
  ),
]);
