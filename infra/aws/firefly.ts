import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as manifest from '../../functions/manifest.ts';
import { bundleDir, ROOT } from '../bundle.ts';
import type { DeployedFunctionSpec, PendingAccess } from './constructs/functions.ts';
import { FireflyNagChecks } from './nag.ts';
import { readSettings, type Settings } from './settings.ts';
import { AppStack, DataStack, MonitoringStack, WebStack } from './stacks.ts';

export interface FireflyAppOptions {
  /** Context on top of cdk.json's (the CLI's `-c` values win over both). */
  context?: Record<string, unknown>;
  outdir?: string;
  /** Each function's code; defaults to the esbuild bundles under dist/functions (run bundleAll first). */
  code?: (name: string) => lambda.Code;
  /** Defaults to the app manifest (with its pending access); tests pass variations. */
  functions?: Record<string, DeployedFunctionSpec>;
  stateMachines?: Record<string, manifest.StateMachineSpec>;
  webDist?: string;
}

export interface FireflyApp {
  app: App;
  settings: Settings;
  dataStack: DataStack;
  appStack: AppStack;
  webStack: WebStack;
  monitoringStack: MonitoringStack;
}

/** cdk.json's context, so an App built outside the CLI (tests) gets the same feature flags. */
export const cdkJsonContext = (): Record<string, unknown> => {
  const json = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return json.context ?? {};
};

/**
 * The manifest's functions with their `pendingAccess` folded into `access`: the manifest keeps access
 * kinds there until its `Access` type has them, and reads it as optional so this keeps working once the
 * map is gone.
 */
export const manifestFunctions = (): Record<string, DeployedFunctionSpec> => {
  const pending = (manifest as { pendingAccess?: Record<string, PendingAccess> }).pendingAccess ?? {};
  for (const name of Object.keys(pending)) {
    if (!manifest.functions[name])
      throw new Error(`pendingAccess names ${name}, which is not a manifest function`);
  }
  return Object.fromEntries(
    Object.entries(manifest.functions).map(([name, spec]) => [
      name,
      { ...spec, access: { ...spec.access, ...pending[name] } },
    ]),
  );
};

/** Function code from the bundles `infra/bundle.ts` wrote. */
export const bundledCode = (name: string): lambda.Code => lambda.Code.fromAsset(bundleDir(name));

let placeholderDir: string | undefined;
/**
 * A stand-in for every function (FIREFLY_SKIP_BUNDLE=1 and tests): synthesizes the same template shape
 * in milliseconds instead of bundling. Never deploy it; it only throws.
 */
export const placeholderCode = (_name: string): lambda.Code => {
  if (!placeholderDir) {
    placeholderDir = mkdtempSync(join(tmpdir(), 'firefly-placeholder-'));
    writeFileSync(
      join(placeholderDir, 'index.mjs'),
      "export const handler = async () => { throw new Error('placeholder code: bundle and redeploy'); };\n",
    );
  }
  return lambda.Code.fromAsset(placeholderDir);
};

/** Builds the whole CDK app: both stacks, wired, with cdk-nag's AwsSolutions checks on synthesis. */
export const createFireflyApp = (options: FireflyAppOptions = {}): FireflyApp => {
  const app = new App({
    context: { ...cdkJsonContext(), ...options.context },
    outdir: options.outdir,
  });
  const settings = readSettings(app.node);
  const env =
    settings.account || settings.region ? { account: settings.account, region: settings.region } : undefined;
  const tags = { app: 'firefly', stage: settings.stage };
  const name = `Firefly-${settings.stage}`;

  const dataStack = new DataStack(app, `${name}-Data`, {
    settings,
    env,
    tags,
    description: `Firefly ${settings.stage}: tables, users, exports and backups`,
  });
  const appStack = new AppStack(app, `${name}-App`, {
    settings,
    env,
    tags,
    description: `Firefly ${settings.stage}: functions, bus, API, triggers and state machines`,
    dataStack,
    functions: options.functions ?? manifestFunctions(),
    stateMachines: options.stateMachines ?? manifest.stateMachines,
    code: options.code ?? bundledCode,
    root: ROOT,
  });
  const webStack = new WebStack(app, `${name}-Web`, {
    settings,
    env,
    tags,
    description: `Firefly ${settings.stage}: the admin console behind CloudFront`,
    dataStack,
    appStack,
    webDist: options.webDist ?? join(ROOT, 'web', 'dist'),
  });
  const monitoringStack = new MonitoringStack(app, `${name}-Monitoring`, {
    settings,
    env,
    tags,
    description: `Firefly ${settings.stage}: alarms and dashboard`,
    appStack,
  });

  Validations.of(app).addPlugins(new FireflyNagChecks(app));
  return { app, settings, dataStack, appStack, webStack, monitoringStack };
};
