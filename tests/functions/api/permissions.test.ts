import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, PERMISSIONS, ROLES } from '../../../domain/access/permissions.ts';
import { httpRoutes } from '../../../functions/manifest.ts';
import { request, signIn, startTestCloud, type TestCloud } from '../../support/cloud.ts';

/**
 * Walks every route in the app manifest with every role and holds each answer to the permission
 * matrix: a role without the route's permission gets 403; a role with it never gets 401 or 403.
 *
 * Writes must not happen while walking, so every request that is not a GET carries a malformed
 * If-Match header: the HTTP layer checks it only after authentication and the permission check, and
 * refuses it with 400 before the handler runs. GETs run for real, with placeholder ids.
 */
let cloud: TestCloud;
const tokens = new Map<string, string>();

beforeAll(async () => {
  cloud = await startTestCloud();
  for (const role of ROLES) tokens.set(role, (await signIn(cloud, role)).idToken);
});
afterAll(() => cloud?.stop());

const placeholder = (name: string) => (name === 'seq' ? '999999999' : 'walk-placeholder');
const pathOf = (path: string) => path.replace(/\{(\w+)\}/g, (_, name: string) => placeholder(name));

type Outcome = { route: string; role: string; status: number; expected: 'allow' | 'deny' | 'public' };

const inBatches = async <T, R>(items: T[], size: number, run: (item: T) => Promise<R>): Promise<R[]> => {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size)
    results.push(...(await Promise.all(items.slice(i, i + size).map(run))));
  return results;
};

describe('the permission matrix on every route', () => {
  it('names a known permission on every route', () => {
    for (const { route } of httpRoutes()) {
      expect(['public', 'authenticated', ...PERMISSIONS], `${route.method} ${route.path}`).toContain(
        route.permission,
      );
    }
  });

  it('answers every role on every route as the matrix says', async () => {
    const cases = httpRoutes().flatMap(({ route }) => ROLES.map((role) => ({ route, role })));
    const outcomes = await inBatches(cases, 8, async ({ route, role }): Promise<Outcome> => {
      const res = await request(cloud.url, route.method, pathOf(route.path), {
        token: tokens.get(role),
        ...(route.method === 'GET' ? {} : { body: {}, headers: { 'if-match': 'not-a-version' } }),
      });
      const allowed =
        route.permission === 'public' || route.permission === 'authenticated' || can(role, route.permission);
      return {
        route: `${route.method} ${route.path}`,
        role,
        status: res.status,
        // A public route's 401 or 403 is about what it was sent (a share link's token), never who sent it.
        expected: route.permission === 'public' ? 'public' : allowed ? 'allow' : 'deny',
      };
    });
    const wrong = outcomes.filter((o) =>
      o.expected === 'deny'
        ? o.status !== 403
        : o.expected === 'allow' && (o.status === 401 || o.status === 403),
    );
    expect(wrong).toEqual([]);
    // The walk must have reached both sides of the matrix for every role but the all-powerful ones.
    for (const role of ROLES) {
      expect(outcomes.some((o) => o.role === role && o.expected === 'allow')).toBe(true);
    }
    expect(outcomes.filter((o) => o.expected === 'deny').length).toBeGreaterThan(0);
    expect(outcomes.length).toBe(httpRoutes().length * ROLES.length);
  });
});
