import type { TestProject } from 'vitest/node';
import { startCloudProcess } from './cloud-process.ts';
import { ensureConsoleBuilt } from './measure.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    paymentsSandboxUrl: string;
    mailInboxUrl: string;
    controlUrl: string;
  }
}

export default async function setup(project: TestProject) {
  await ensureConsoleBuilt();
  // An empty store starts in seconds; the demo history takes minutes to write (BROWSER_SEED=demo).
  const seed: Record<string, string> = process.env.BROWSER_SEED === 'demo' ? {} : { SEED: 'none' };
  // The control endpoint lets a test stop a local service and run schedules now (monitoring.test.ts).
  const cloud = await startCloudProcess({ env: { ...seed, LOCAL_CONTROL: 'true' }, timeoutMs: 600_000 });
  console.log(`browser tests: local cloud at ${cloud.url} (log ${cloud.logFile})`);
  project.provide('baseUrl', cloud.url);
  project.provide('paymentsSandboxUrl', cloud.paymentsSandboxUrl);
  project.provide('mailInboxUrl', cloud.mailInboxUrl);
  project.provide('controlUrl', cloud.controlUrl);
  return async () => {
    await cloud.stop();
  };
}
