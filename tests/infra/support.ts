import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { functions, type StateMachineSpec } from '../../functions/manifest.ts';
import {
  createFireflyApp,
  type FireflyApp,
  type FireflyAppOptions,
  placeholderCode,
} from '../../infra/aws/firefly.ts';
import { ROOT } from '../../infra/bundle.ts';

/** A stand-in console build, so the deployment path is covered whatever state web/dist is in. */
export const fakeWebDist = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'firefly-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><title>Firefly</title><script src="/assets/app.js"></script>',
  );
  writeFileSync(join(dir, 'assets', 'app-abc123.js'), 'console.log("firefly")');
  return dir;
};

export interface Synthesized extends FireflyApp {
  data: Template;
  appTemplate: Template;
  web: Template;
  monitoring: Template;
  /** The HTTP API's routes, integrations and authorizer: a stack nested in the App stack. */
  routes: Template;
  /** A value in the routes' nested stack with its parameters replaced by what the App stack passes. */
  fromRoutes: (value: unknown) => unknown;
  /** Follows weak cross-stack references (Fn::GetStackOutput) to the value the producing stack outputs. */
  deref: (value: unknown) => unknown;
}

/**
 * Builds and synthesizes the app once, with placeholder code instead of bundles (the template does not
 * depend on what the code is) and without copying assets, so a test file pays for one synthesis only.
 */
export const synthesize = (options: FireflyAppOptions = {}): Synthesized => {
  const built = createFireflyApp({
    code: placeholderCode,
    webDist: fakeWebDist(),
    outdir: mkdtempSync(join(tmpdir(), 'firefly-cdk-')),
    ...options,
    context: { 'aws:cdk:disable-asset-staging': true, ...options.context },
  });
  const assembly = built.app.synth();
  const template = (name: string) => Template.fromJSON(assembly.getStackByName(name).template);
  const deref = (value: unknown): unknown => {
    const ref = (value as { 'Fn::GetStackOutput'?: { StackName: string; OutputName: string } } | null)?.[
      'Fn::GetStackOutput'
    ];
    if (!ref) return value;
    const outputs = assembly.getStackByName(ref.StackName).template.Outputs as Record<
      string,
      { Value: unknown }
    >;
    return deref(outputs[ref.OutputName]?.Value);
  };
  const appTemplate = template(built.appStack.stackName);
  const [nested, ...others] = Object.values(
    appTemplate.findResources('AWS::CloudFormation::Stack') as Record<
      string,
      { Properties: { Parameters?: Record<string, unknown> } }
    >,
  );
  if (!nested || others.length) throw new Error('The App stack should nest one stack: the routes');
  const passed = nested.Properties.Parameters ?? {};
  const fromRoutes = (value: unknown): unknown =>
    JSON.parse(JSON.stringify(value), (_, v: unknown) => {
      const ref = (v as { Ref?: string } | null)?.Ref;
      return typeof ref === 'string' && ref in passed ? passed[ref] : v;
    });
  return {
    ...built,
    data: template(built.dataStack.stackName),
    appTemplate,
    routes: Template.fromStack(built.appStack.api.routes),
    fromRoutes,
    web: template(built.webStack.stackName),
    monitoring: template(built.monitoringStack.stackName),
    deref,
  };
};

/** All stacks' templates (the nested routes too), for assertions about every resource of a kind. */
export const allTemplates = (s: Synthesized): Template[] => [
  s.data,
  s.appTemplate,
  s.routes,
  s.web,
  s.monitoring,
];

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation resources are untyped JSON.
export type Resource = { Type: string; Properties?: any; DeletionPolicy?: string; Metadata?: any };

export const resources = (template: Template, type: string): [string, Resource][] =>
  Object.entries(template.findResources(type) as Record<string, Resource>);

const placeholder = (state: string) => `\${${state}}`;

/** A state machine the manifest does not have yet, to cover the Step Functions path end to end. */
export const fixtureMachine = (): { name: string; spec: StateMachineSpec; taskFunctions: string[] } => {
  const dir = mkdtempSync(join(tmpdir(), 'firefly-asl-'));
  const file = join(dir, 'fixture.asl.json');
  writeFileSync(
    file,
    JSON.stringify({
      StartAt: 'Load',
      States: {
        // ASL placeholders, substituted by the CDK app (not JavaScript template strings).
        Load: { Type: 'Task', Resource: placeholder('Load'), Next: 'Each' },
        Each: {
          Type: 'Map',
          ItemProcessor: {
            ProcessorConfig: { Mode: 'INLINE' },
            StartAt: 'Render',
            States: { Render: { Type: 'Task', Resource: placeholder('Render'), End: true } },
          },
          End: true,
        },
      },
    }),
  );
  const [first, second] = Object.keys(functions);
  return {
    name: 'fixture',
    taskFunctions: [first!, second!],
    spec: {
      definition: relative(ROOT, file),
      description: 'Fixture machine',
      tasks: { Load: first!, Render: second! },
      triggers: [
        { kind: 'schedule', name: 'nightly-report', expression: 'cron(0 3 * * ? *)', description: 'x' },
      ],
      timeoutSeconds: 300,
    },
  };
};

/** EventBridge's canonical form: `anything-but` takes a list even when the rule wrote one value. */
export const normalize = (pattern: object): object =>
  JSON.parse(
    JSON.stringify(pattern, (_, value: unknown) => {
      if (value && typeof value === 'object' && 'anything-but' in value) {
        const excluded = (value as { 'anything-but': unknown })['anything-but'];
        return { 'anything-but': Array.isArray(excluded) ? excluded : [excluded] };
      }
      return value;
    }),
  );
