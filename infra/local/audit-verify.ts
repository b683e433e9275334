import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { AuditVerification } from '../../functions/audit/verify-log.ts';
import { env } from '../../functions/runtime/env.ts';
import { localSettings } from './settings.ts';

/**
 * `npm run audit:verify`: verifies the audit log's hash chain and digests, and names the first broken
 * link. Exit code 0 when intact, 1 when tampered with, 2 when it could not verify.
 *
 *   npm run audit:verify                      the local platform at http://localhost:3000 if it runs,
 *                                             else the data in .data (with the platform stopped)
 *   npm run audit:verify -- --url https://…   any deployment's API (FIREFLY_EMAIL / FIREFLY_PASSWORD,
 *                                             an owner or admin; locally the demo owner)
 *   npm run audit:verify -- --aws             straight against AWS with the caller's credentials:
 *                                             AUDIT_TABLE, AUDIT_BUCKET and EVENTS_TABLE name the resources
 *   npm run audit:verify -- --data-dir .data  a stopped local platform's data
 * Options: --deep (match every entry against the event store), --from <seq>, --to <seq>, --json.
 */
const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    aws: { type: 'boolean', default: false },
    'data-dir': { type: 'string' },
    deep: { type: 'boolean', default: false },
    from: { type: 'string' },
    to: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});

const range = {
  fromSeq: values.from ? Number(values.from) : undefined,
  toSeq: values.to ? Number(values.to) : undefined,
};

const viaApi = async (base: string): Promise<AuditVerification> => {
  const email = localSettings.verifierEmail;
  const password = localSettings.verifierPassword;
  const signIn = await fetch(`${base}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!signIn.ok) throw new Error(`Sign-in as ${email} failed: ${signIn.status} ${await signIn.text()}`);
  const { idToken } = (await signIn.json()) as { idToken: string };
  const query = new URLSearchParams();
  if (range.fromSeq) query.set('fromSeq', String(range.fromSeq));
  if (range.toSeq) query.set('toSeq', String(range.toSeq));
  if (values.deep) query.set('deep', 'true');
  const res = await fetch(`${base}/api/audit/verify?${query}`, {
    headers: { authorization: `Bearer ${idToken}` },
  });
  if (!res.ok) throw new Error(`Verification request failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as AuditVerification;
};

const direct = async (): Promise<AuditVerification> => {
  const { verifyAuditLog } = await import('../../functions/audit/verify-log.ts');
  return verifyAuditLog({ ...range, deep: values.deep });
};

/** A stopped local platform: its LevelDB and S3 files, served by the same local services for this run. */
const fromDataDir = async (dir: string): Promise<AuditVerification> => {
  const { startDynamo, startS3 } = await import('./services.ts');
  // Only this mode needs the local cloud's names; importing it loads every handler, so it waits until here.
  const { AUDIT_BUCKET, REGION, tableName } = await import('./cloud.ts');
  let dynamo: Awaited<ReturnType<typeof startDynamo>>;
  try {
    dynamo = await startDynamo(join(dir, 'dynamodb'));
  } catch (error) {
    throw new Error(
      `Cannot open ${dir} (${(error as Error).message}); if the platform is running, pass --url with its address`,
    );
  }
  const s3 = await startS3(join(dir, 's3'));
  Object.assign(process.env, {
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
    AWS_ENDPOINT_URL_S3: s3.url,
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    [env.S3_FORCE_PATH_STYLE]: 'true',
    [env.AUDIT_TABLE]: tableName('audit'),
    [env.EVENTS_TABLE]: tableName('events'),
    [env.AUDIT_BUCKET]: AUDIT_BUCKET,
  });
  try {
    return await direct();
  } finally {
    await Promise.all([dynamo.stop(), s3.stop()]);
  }
};

const reachable = async (base: string) => {
  try {
    return (await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
};

const run = async (): Promise<{ result: AuditVerification; source: string }> => {
  if (values.url) return { result: await viaApi(values.url.replace(/\/+$/, '')), source: values.url };
  if (values.aws) return { result: await direct(), source: `AWS table ${process.env[env.AUDIT_TABLE]}` };
  if (values['data-dir']) {
    const dir = resolve(values['data-dir']);
    return { result: await fromDataDir(dir), source: dir };
  }
  const local = `http://localhost:${localSettings.port}`;
  if (await reachable(local)) return { result: await viaApi(local), source: local };
  const dir = resolve(localSettings.dataDir);
  if (existsSync(join(dir, 'dynamodb'))) return { result: await fromDataDir(dir), source: dir };
  throw new Error(`No platform at ${local} and no data in ${dir}; pass --url, --aws or --data-dir`);
};

try {
  const { result, source } = await run();
  if (values.json) console.log(JSON.stringify(result, null, 2));
  else {
    console.log(`Audit log at ${source}`);
    console.log(
      `  entries ${result.fromSeq}–${result.toSeq} checked (${result.checked}) in ${result.durationMs} ms, ${result.entriesPerSecond} entries/s`,
    );
    console.log(`  digests: ${result.digests.count} (${result.digestsChecked} matched against the chain)`);
    console.log(`  last hash: ${result.lastHash}`);
    if (result.deep) {
      console.log(
        `  deep: ${result.deep.entriesMatched} entries matched the event store; ${result.deep.missingFromLog.length} stored events missing from the log`,
      );
    }
    if (result.ok) console.log('  INTACT: every hash, link and digest verifies.');
    else {
      const broken = result.firstBroken!;
      console.log(`  BROKEN at entry ${broken.seq} (${broken.kind}): ${broken.message}`);
      if (broken.expected) console.log(`    expected ${broken.expected}`);
      if (broken.actual) console.log(`    found    ${broken.actual}`);
    }
  }
  process.exit(result.ok ? 0 : 1);
} catch (error) {
  console.error(`Could not verify the audit log: ${(error as Error).message}`);
  process.exit(2);
}
