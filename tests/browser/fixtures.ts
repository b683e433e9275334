import { apiSignIn, callApi } from './browser.ts';

export interface Fixtures {
  customers: { id: string; name: string }[];
  models: { id: string; name: string }[];
  orders: { id: string }[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Records the tests can rely on, made through the API as the owner. The browser tests run against an
 * empty store (SEED=none) so start-up is quick and nothing depends on the demo history; set
 * BROWSER_SEED=demo to run them against the full demo data instead (they still make these).
 */
export const createFixtures = async (baseUrl: string): Promise<Fixtures> => {
  const { idToken: token } = await apiSignIn(baseUrl, 'owner');
  const post = async <T>(path: string, body: unknown) => {
    const reply = await callApi<T>(baseUrl, 'POST', path, {
      token,
      body,
      headers: { 'idempotency-key': crypto.randomUUID() },
    });
    if (reply.status !== 201) throw new Error(`POST ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body;
  };
  const tag = Date.now().toString(36);
  const customers = [];
  for (const name of ['Ada Fixture', 'Alan Fixture', 'Grace Fixture']) {
    customers.push(
      await post<{ id: string; name: string }>('/api/customers', {
        name: `${name} ${tag}`,
        email: `${name.replace(' ', '.').toLowerCase()}.${tag}@example.com`,
        marketingConsent: name.startsWith('Ada'),
      }),
    );
  }
  const models = [
    await post<{ id: string; name: string }>('/api/models', {
      name: `Fixture Nest ${tag}`,
      basePriceCents: 6_950_000,
      options: [
        { code: 'solar', name: 'Solar package', priceCents: 850_000 },
        { code: 'loft', name: 'Sleeping loft', priceCents: 420_000 },
      ],
    }),
    await post<{ id: string; name: string }>('/api/models', {
      name: `Fixture Glow ${tag}`,
      basePriceCents: 8_900_000,
    }),
  ];
  const orders = [
    await post<{ id: string }>('/api/orders', {
      customerId: customers[0]!.id,
      modelId: models[0]!.id,
      optionCodes: ['solar'],
    }),
    await post<{ id: string }>('/api/orders', {
      customerId: customers[1]!.id,
      modelId: models[1]!.id,
      optionCodes: [],
    }),
  ];

  // Lists are projections, updated moments after each command: wait until they show the fixtures.
  const listed = async (path: string, ids: string[]) => {
    const reply = await callApi<{ items: { id: string }[] }>(baseUrl, 'GET', `${path}?limit=100`, { token });
    return ids.every((id) => reply.body.items?.some((item) => item.id === id));
  };
  for (let attempt = 0; ; attempt++) {
    const all = await Promise.all([
      listed(
        '/api/customers',
        customers.map((c) => c.id),
      ),
      listed(
        '/api/models',
        models.map((m) => m.id),
      ),
      listed(
        '/api/orders',
        orders.map((o) => o.id),
      ),
    ]);
    if (all.every(Boolean)) break;
    if (attempt > 100) throw new Error('the fixtures never showed up in the lists');
    await sleep(200);
  }
  return { customers, models, orders };
};
