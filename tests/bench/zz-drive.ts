import { apiAs, signIn } from '../support/cloud.ts';
import { load } from './api-load.ts';

const url = process.argv[2]!;
const platform = { url };
const api = apiAs(platform, (await signIn(platform, 'owner')).idToken);
const headers = { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' };
const write = {
  url: `${url}/api/customers`,
  method: 'POST' as const,
  headers,
  body: JSON.stringify({ name: 'Load Test', email: 'load@example.com' }),
};
console.log(await load({ ...write, rate: 60, connections: 8, durationSeconds: 20 }));
