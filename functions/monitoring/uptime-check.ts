import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { ulid } from 'ulid';
import { UPTIME_CHECKS, type UptimeCheckName, type UptimeResult } from '../../domain/monitoring/uptime.ts';
import { cognito } from '../adapters/clients.ts';
import { config } from '../runtime/config.ts';
import { type Probe, timed } from './deep-health.ts';
import { syntheticCredential } from './synthetic-user.ts';
import { recordUptimeRun, UPTIME } from './uptime-store.ts';

/** A synthetic check waits this long: a person would have given up by then. */
export const UPTIME_TIMEOUT_MS = 10_000;

const get = async (url: string, signal: AbortSignal) => {
  const response = await fetch(url, {
    signal,
    redirect: 'manual',
    headers: { 'user-agent': 'Firefly-Uptime/1' },
  });
  const body = await response.text();
  return { response, body };
};

const PROBES: Record<UptimeCheckName, Probe> = {
  // The index page as a browser gets it: a 200 that is the console's HTML, not an error page.
  console: async (signal) => {
    const { response, body } = await get(`${config.consoleUrl}/`, signal);
    if (response.status !== 200) return { status: 'down', reason: `HTTP ${response.status}` };
    if (!/<div id="root"/.test(body)) return { status: 'down', reason: 'The page is not the console' };
    return undefined;
  },
  api: async (signal) => {
    const { response, body } = await get(`${config.publicApiUrl}/api/health`, signal);
    if (response.status !== 200) return { status: 'down', reason: `HTTP ${response.status}` };
    const status = (JSON.parse(body) as { status?: string }).status;
    return status === 'ok' ? undefined : { status: 'down', reason: `Health says ${status}` };
  },
  // The user pool's own sign-in with the synthetic account: the step every person's session starts with.
  'sign-in': async (signal) => {
    const { email, password } = await syntheticCredential();
    const answer = await cognito().send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: config.userPoolClientId,
        AuthParameters: { USERNAME: email, PASSWORD: password },
      }),
      { abortSignal: signal },
    );
    return answer.AuthenticationResult?.IdToken
      ? undefined
      : { status: 'down', reason: `No tokens (${answer.ChallengeName ?? 'no challenge'})` };
  },
};

/**
 * One run: the checks at once, each under its own timeout; slow but answered counts as up. The console
 * is checked where its URL is known (in AWS, a deployment with a custom domain: CloudFront's own name
 * is made after the functions); without it there is no console result, which no availability counts.
 */
export const runUptimeChecks = async (timeoutMs = UPTIME_TIMEOUT_MS): Promise<UptimeResult[]> =>
  Promise.all(
    UPTIME_CHECKS.filter(({ check }) => check !== 'console' || config.consoleUrl).map(async ({ check }) => {
      const outcome = await timed(PROBES[check], timeoutMs);
      return { check, ok: outcome.status !== 'down', latencyMs: outcome.latencyMs, detail: outcome.reason };
    }),
  );

/** The schedule's run: the checks, recorded as one event on the hour's stream. */
export const runUptime = async (now: Date) => {
  const results = await runUptimeChecks();
  await recordUptimeRun({ at: now.toISOString(), results }, { actor: UPTIME, correlationId: ulid() });
  return { at: now.toISOString(), failed: results.filter((r) => !r.ok).map((r) => r.check) };
};
