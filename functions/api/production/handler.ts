import { buildDecider } from '../../../domain/production/builds.ts';
import { completeStage, scheduleBuild, startBuild } from '../../application/cross-aggregate.ts';
import { httpHandler, implement } from '../../http/handler.ts';
import { listPage, storeFor, today } from '../../http/requests.ts';
import { command, history, readRecord } from '../records.ts';
import * as api from './contract.ts';

const read = (id: string) => readRecord(buildDecider, 'build', id, 'Build');

export const handler = httpHandler('production', [
  implement(api.listBuilds, ({ query }) => listPage('builds', query, ['status', 'stage', 'bay'])),
  implement(api.scheduleBuild, async (request) => {
    await scheduleBuild(storeFor(request), request.body);
    return { status: 201, ...(await read(request.body.orderId)) };
  }),
  implement(api.getBuild, ({ params }) => read(params.id)),
  implement(api.buildEvents, ({ params }) => history('build', params.id, 'Build')),
  implement(api.startBuild, async (request) => {
    const { id } = request.params;
    await startBuild(storeFor(request), {
      buildId: id,
      on: request.body.on ?? today(),
      expectedVersion: request.ifMatch,
    });
    return read(id);
  }),
  implement(api.completeStage, async (request) => {
    const { id } = request.params;
    await completeStage(storeFor(request), {
      buildId: id,
      stage: request.body.stage,
      on: request.body.on ?? today(),
      expectedVersion: request.ifMatch,
    });
    return read(id);
  }),
  implement(api.delayBuild, (request) =>
    command(request, buildDecider, 'build', request.params.id, { type: 'DelayBuild', ...request.body }),
  ),
]);
