import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Cloud } from './cloud.ts';

/**
 * A loopback-only switchboard for tests that drive a local cloud running in another process (the
 * browser tests): stop and start a local AWS service to stage an outage, and run a schedule now instead
 * of waiting for its minute. Started only when `LOCAL_CONTROL=true`; never part of what AWS runs.
 *
 * - `POST /services/<name>/stop|start` (`s3`, `cognito`): the service goes away, then comes back on the same URL.
 * - `POST /schedules/<name>/run`: runs the schedule's target, waits until what it wrote is delivered.
 */
export const startControl = async (cloud: Pick<Cloud, 'services' | 'scheduler' | 'settle'>) => {
  const server: Server = createServer(async (req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const [, kind, name, action] = (req.url ?? '').split('/');
    try {
      if (req.method !== 'POST') return reply(405, { error: 'POST only' });
      if (kind === 'services' && name && Object.hasOwn(cloud.services, name)) {
        const service = cloud.services[name as keyof Cloud['services']];
        if (action === 'stop') await service.stop();
        else if (action === 'start') await service.start();
        else return reply(404, { error: `No action ${action}` });
        return reply(200, { service: name, running: service.running });
      }
      if (kind === 'schedules' && name && action === 'run') {
        const result = await cloud.scheduler.runNow(decodeURIComponent(name));
        await cloud.settle();
        return reply(200, { schedule: name, result });
      }
      return reply(404, { error: 'Unknown control' });
    } catch (error) {
      return reply(500, { error: (error as Error).message });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
