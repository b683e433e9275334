import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as manifest from '../../functions/manifest.ts';
import { bundleDir, ROOT } from '../bundle.ts';
import { FireflyNagChecks } from './nag.ts';
import { readSettings, type Settings } from './settings.ts';
import { AppStack, DataStack } from './stacks.ts';

export interface FireflyAppOptions {
  /** Context on top of cdk.json's (the CLI's `-c` values win over both). */
  context?: Record<string, unknown>;
  outdir?: string;
  /** Each function's code; defaults to the esbuild bundles under dist/functions (run bundleAll first). */
  code?: (name: string) => lambda.Code;
  /** Defaults to the app manifest; tests pass variations. */
  functions?: Record<string, manifest.FunctionSpec>;
  stateMachines?: Record<string, manifest.StateMachineSpec>;
  webDist?: string;
}

export interface FireflyApp {
  app: App;
  settings: Settings;
  dataStack: DataStack;
  appStack: AppStack;
}

/** cdk.json's context, so an App built outside the CLI (tests) gets the same feature flags. */
export const cdkJsonContext = (): Record<string, unknown> => {
  const json = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return json.context ?? {};
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
    description: `Firefly ${settings.stage}: functions, API, bus, console and monitoring`,
    dataStack,
    functions: options.functions ?? manifest.functions,
    stateMachines: options.stateMachines ?? manifest.stateMachines,
    code: options.code ?? bundledCode,
    webDist: options.webDist ?? join(ROOT, 'web', 'dist'),
    root: ROOT,
  });

  Validations.of(app).addPlugins(new FireflyNagChecks(app));
  return { app, settings, dataStack, appStack };
};
