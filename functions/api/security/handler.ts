import { whoOf } from '../../../domain/audit/entries.ts';
import { describeHours } from '../../../domain/security/business-hours.ts';
import { RULES } from '../../../domain/security/detection.ts';
import {
  decideIncident,
  evolveIncident,
  type Incident,
  NO_INCIDENT,
} from '../../../domain/security/incidents.ts';
import { ACCOUNT_LOCKOUT, ADDRESS_LOCKOUT } from '../../../domain/security/lockout.ts';
import { type AccountState, recommend } from '../../../domain/security/recommendations.ts';
import { append, readStream, streamStateOf } from '../../adapters/event-store.ts';
import { getRow, listRows, type ViewRow } from '../../adapters/views.ts';
import { systemStreams } from '../../application/aggregates.ts';
import { readActivity } from '../../audit/store.ts';
import { httpHandler, implement, type Request } from '../../http/adapter.ts';
import { notFound } from '../../http/problem.ts';
import type { RouteContract } from '../../http/route.ts';
import { config } from '../../runtime/config.ts';
import { INCIDENT_LIST, projectIncident, SECURITY_VIEW } from '../../security/alerts.ts';
import { listUsers } from '../users/directory.ts';
import * as api from './contract.ts';

const dto = (row: ViewRow<Incident>) => ({ ...row.state, version: row.version });

const readIncident = async (id: string) => {
  const row = await getRow<Incident>(SECURITY_VIEW, id);
  if (row) return dto(row);
  // The view may lag the stream by a moment right after a detection.
  const incident = await projectIncident(systemStreams.security(id));
  if (!incident) throw notFound(`Security event ${id}`);
  return dto((await getRow<Incident>(SECURITY_VIEW, id))!);
};

const act = async (
  request: Request<RouteContract>,
  id: string,
  command: Parameters<typeof decideIncident>[0],
) => {
  const stream = systemStreams.security(id);
  const commits = await readStream(stream);
  const state = commits.flatMap((c) => c.events).reduce(evolveIncident, NO_INCIDENT);
  const events = decideIncident(command, state);
  await append(stream, streamStateOf(commits), events, {
    actor: request.actor!,
    correlationId: request.correlationId,
  });
  await projectIncident(stream);
  return { body: await readIncident(id) };
};

const minutes = (ms: number) => `${ms / 60_000} minute${ms === 60_000 ? '' : 's'}`;

/** Every open or acknowledged incident (the overview counts them; a few hundred at most in practice). */
const unresolved = async () => {
  const rows: ViewRow<Incident>[] = [];
  for (const status of ['open', 'acknowledged']) {
    let cursor: string | undefined;
    do {
      const page = await listRows<Incident>(INCIDENT_LIST, { limit: 100, cursor, where: { status } });
      rows.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor && rows.length < 5_000);
  }
  return rows.map((r) => r.state);
};

export const handler = httpHandler('security', [
  implement(api.listSecurityEvents, async ({ query }) => {
    const { status, severity, rule, search, limit, cursor } = query;
    const where = {
      ...(status ? { status } : {}),
      ...(severity ? { severity } : {}),
      ...(rule ? { rule } : {}),
    };
    const page = await listRows<Incident>(INCIDENT_LIST, { limit, cursor, search, where });
    return { body: { items: page.items.map(dto), nextCursor: page.nextCursor } };
  }),
  implement(api.getSecurityEvent, async ({ params }) => ({ body: await readIncident(params.id) })),
  implement(api.acknowledgeSecurityEvent, (request) =>
    act(request, request.params.id, { type: 'Acknowledge', note: request.body.note }),
  ),
  implement(api.resolveSecurityEvent, (request) =>
    act(request, request.params.id, {
      type: 'Resolve',
      resolution: request.body.resolution,
      note: request.body.note,
    }),
  ),
  implement(api.securityOverview, async () => {
    const [incidents, users, activity] = await Promise.all([
      unresolved(),
      listUsers({ withMfa: true }),
      readActivity(),
    ]);
    const open = { low: 0, medium: 0, high: 0, critical: 0 };
    for (const incident of incidents) {
      if (incident.status === 'open') open[incident.severity as keyof typeof open] += 1;
    }
    const accounts: AccountState[] = users.map((u) => {
      const seen = activity.get(whoOf({ id: u.id, email: u.email }));
      return {
        userId: u.id,
        email: u.email,
        role: u.role,
        enabled: u.enabled,
        status: u.status,
        mfa: u.mfa,
        createdAt: u.createdAt,
        modifiedAt: u.modifiedAt,
        lastSignInAt: seen?.lastSignInAt,
        lastActiveAt: seen?.lastActiveAt,
      };
    });
    return {
      body: {
        open,
        acknowledged: incidents.filter((i) => i.status === 'acknowledged').length,
        recommendations: recommend(accounts, incidents, Date.now()),
        generatedAt: new Date().toISOString(),
      },
      headers: { 'cache-control': 'no-store' },
    };
  }),
  implement(api.securityRules, async () => ({
    body: {
      rules: Object.values(RULES).map(({ id, title, explanation, thresholds }) => ({
        id,
        title,
        explanation,
        thresholds,
      })),
      lockout: {
        account: `${ACCOUNT_LOCKOUT.threshold} consecutive failed sign-ins (wrong passwords or wrong MFA codes) lock an account for ${minutes(ACCOUNT_LOCKOUT.baseMs)}; each further failure doubles the lock, up to ${minutes(ACCOUNT_LOCKOUT.maxMs)}. A successful sign-in or an admin's unlock resets the count.`,
        address: `${ADDRESS_LOCKOUT.threshold} failed sign-ins from one address within ${minutes(ADDRESS_LOCKOUT.windowMs)} pause sign-in from it for ${minutes(ADDRESS_LOCKOUT.baseMs)}, doubling with each further failure up to ${minutes(ADDRESS_LOCKOUT.maxMs)}.`,
      },
      businessHours: describeHours(config.businessHours),
    },
  })),
]);
