/**
 * Parity: the CDK app deploys exactly the app manifest, nothing more and nothing less. Every expectation
 * is computed from functions/manifest.ts and events/rules.ts, so adding a function, route, rule or
 * schedule there needs no change here.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../../events/rules.ts';
import {
  authorizerFunction,
  functions,
  httpRoutes,
  stateMachines,
  tables,
} from '../../functions/manifest.ts';
import {
  allTemplates,
  normalize,
  type Resource,
  resources,
  type Synthesized,
  synthesize,
} from './support.ts';

/**
 * Lambdas CDK itself adds to implement a construct, never app code. Each is named by the construct that
 * creates it; anything else that is a Lambda must be a manifest function.
 */
const CDK_HELPER_LAMBDAS = [
  // s3-deployment's BucketDeployment singleton (copies web/dist and config.json into the site bucket).
  /^CustomCDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C/,
  // s3's autoDeleteObjects provider (empties buckets of non-prod stages on stack deletion).
  /^CustomS3AutoDeleteObjectsCustomResourceProviderHandler/,
];

const isHelper = (logicalId: string) => CDK_HELPER_LAMBDAS.some((p) => p.test(logicalId));

let s: Synthesized;
/** Logical id of each manifest function's Lambda, found through the service name it runs as. */
let lambdaOf: Map<string, string>;

beforeAll(() => {
  s = synthesize();
  lambdaOf = new Map(
    resources(s.appTemplate, 'AWS::Lambda::Function')
      .filter(([id]) => !isHelper(id))
      .map(([id, r]) => [r.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME as string, id]),
  );
});

/** The logical id a `{ Fn::GetAtt: [id, 'Arn'] }` or `{ Ref: id }` points at. */
const target = (value: unknown): string | undefined => {
  const v = value as { 'Fn::GetAtt'?: [string, string]; Ref?: string };
  return v['Fn::GetAtt']?.[0] ?? v.Ref;
};

/** Follows a weak cross-stack reference (Fn::GetStackOutput) to the producing stack's value. */
const fromDataStack = (value: unknown): unknown => s.deref(value);

const eventsTableId = (): string => {
  const spec = tables.events;
  const [match] = resources(s.data, 'AWS::DynamoDB::Table').filter(
    ([, r]) => r.Properties.KeySchema[0].AttributeName === spec.partitionKey.name,
  );
  if (!match) throw new Error('no events table');
  return match[0];
};

describe('functions', () => {
  it('deploys every manifest function as exactly one Lambda, and no other Lambda but CDK helpers', () => {
    const all = allTemplates(s).flatMap((t) => resources(t, 'AWS::Lambda::Function'));
    const app = all.filter(([id]) => !isHelper(id));
    const names = app.map(([, r]) => r.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME);
    expect(names.toSorted()).toEqual(Object.keys(functions).toSorted());
    // The exclusion list must match something real, or it would hide nothing and rot unnoticed.
    const helpers = all.filter(([id]) => isHelper(id)).map(([id]) => id);
    for (const pattern of CDK_HELPER_LAMBDAS) expect(helpers.some((id) => pattern.test(id))).toBe(true);
  });

  it.each(Object.entries(functions))('%s has the manifest memory, timeout and description', (name, spec) => {
    const fn = s.appTemplate.toJSON().Resources[lambdaOf.get(name)!] as Resource;
    expect(fn.Properties).toMatchObject({
      MemorySize: spec.memoryMb,
      Timeout: spec.timeoutSeconds,
      Description: spec.description.slice(0, 256),
    });
  });
});

describe('http routes', () => {
  const routes = () => resources(s.routes, 'AWS::ApiGatewayV2::Route');
  /** The one authorizer, found as the one whose URI invokes the manifest's authorizer function. */
  const authorizerId = () => {
    const fn = lambdaOf.get(authorizerFunction());
    const matching = resources(s.appTemplate, 'AWS::ApiGatewayV2::Authorizer').filter(([, r]) =>
      JSON.stringify(r.Properties.AuthorizerUri).includes(`"${fn}"`),
    );
    expect(matching).toHaveLength(1);
    return matching[0]![0];
  };
  const integrations = () => new Map(resources(s.routes, 'AWS::ApiGatewayV2::Integration'));

  it('has exactly the manifest routes, method and path', () => {
    const deployed = routes().map(([, r]) => r.Properties.RouteKey as string);
    const expected = httpRoutes().map(({ route }) => `${route.method} ${route.path}`);
    expect(deployed.toSorted()).toEqual(expected.toSorted());
  });

  it.each(
    httpRoutes().map(({ functionName, route }) => [`${route.method} ${route.path}`, functionName, route]),
  )('%s goes to %s with the authorizer its permission needs', (key, functionName, route) => {
    const [, r] = routes().find(([, r]) => r.Properties.RouteKey === key)!;
    const integrationId = (r.Properties.Target['Fn::Join'][1] as unknown[]).map(target).find(Boolean)!;
    const integration = integrations().get(integrationId)!;
    expect(target(s.fromRoutes(integration.Properties.IntegrationUri))).toBe(lambdaOf.get(functionName));
    if (route.permission === 'public') {
      expect(r.Properties.AuthorizationType).toBe('NONE');
    } else {
      expect(r.Properties.AuthorizationType).toBe('CUSTOM');
      expect(target(s.fromRoutes(r.Properties.AuthorizerId))).toBe(authorizerId());
    }
  });
});

describe('rules', () => {
  const subscriptions = Object.entries(functions).flatMap(([name, spec]) =>
    spec.triggers.flatMap((t) => (t.kind === 'rule' ? [{ name, rule: t.rule }] : [])),
  );
  const ruleNames = [...new Set(subscriptions.map((x) => x.rule))];

  it('has one EventBridge rule per rule a function subscribes to, and no others', () => {
    expect(resources(s.appTemplate, 'AWS::Events::Rule')).toHaveLength(ruleNames.length);
  });

  it.each(subscriptions)(
    '$rule delivers to $name with the pattern from events/rules.ts',
    ({ name, rule }) => {
      // Found by name (the description names the rule): two rules may share a pattern.
      const matching = resources(s.appTemplate, 'AWS::Events::Rule').filter(
        ([, r]) => r.Properties.Description === `events/rules.ts: ${rule}`,
      );
      expect(matching).toHaveLength(1);
      const [, r] = matching[0]!;
      expect(r.Properties.EventPattern).toEqual(normalize(rules[rule]));
      expect(target(r.Properties.EventBusName)).toBeDefined();
      const targets = (
        r.Properties.Targets as { Arn: unknown; DeadLetterConfig?: { Arn: unknown } }[]
      ).filter((t) => target(t.Arn) === lambdaOf.get(name));
      expect(targets).toHaveLength(1);
      expect(targets[0]!.DeadLetterConfig).toBeDefined();
    },
  );
});

describe('schedules', () => {
  const schedules = Object.entries(functions).flatMap(([name, spec]) =>
    spec.triggers.flatMap((t) => (t.kind === 'schedule' ? [{ name, schedule: t }] : [])),
  );

  it('has one Scheduler schedule per schedule trigger, and no others', () => {
    // State machines' schedules are their own triggers; these are the ones that invoke a function.
    const functionIds = new Set(lambdaOf.values());
    expect(
      resources(s.appTemplate, 'AWS::Scheduler::Schedule').filter(([, r]) =>
        functionIds.has(target(r.Properties.Target.Arn) ?? ''),
      ),
    ).toHaveLength(schedules.length);
  });

  it.each(schedules)('$schedule.name invokes $name on $schedule.expression', ({ name, schedule }) => {
    const matching = resources(s.appTemplate, 'AWS::Scheduler::Schedule').filter(
      ([, r]) =>
        r.Properties.ScheduleExpression === schedule.expression &&
        target(r.Properties.Target.Arn) === lambdaOf.get(name),
    );
    expect(matching).toHaveLength(1);
    const input = JSON.parse(matching[0]![1].Properties.Target.Input as string);
    expect(input).toEqual({ schedule: schedule.name, scheduledTime: '<aws.scheduler.scheduled-time>' });
  });
});

describe('commits', () => {
  const consumers = Object.entries(functions)
    .filter(([, spec]) => spec.triggers.some((t) => t.kind === 'commits'))
    .map(([name]) => name);

  it('has one event source mapping per commits trigger, and no others', () => {
    expect(resources(s.appTemplate, 'AWS::Lambda::EventSourceMapping')).toHaveLength(consumers.length);
  });

  it.each(consumers)('%s reads the events table stream', (name) => {
    const [mapping] = resources(s.appTemplate, 'AWS::Lambda::EventSourceMapping').filter(
      ([, r]) => target(r.Properties.FunctionName) === lambdaOf.get(name),
    );
    expect(mapping).toBeDefined();
    expect(fromDataStack(mapping![1].Properties.EventSourceArn)).toEqual({
      'Fn::GetAtt': [eventsTableId(), 'StreamArn'],
    });
  });
});

describe('state machines', () => {
  it('deploys every manifest state machine, its task functions and its schedules, and no others', () => {
    const machines = resources(s.appTemplate, 'AWS::StepFunctions::StateMachine');
    expect(machines.map(([, m]) => m.Properties.StateMachineName).toSorted()).toEqual(
      Object.keys(stateMachines)
        .map((name) => `firefly-${s.settings.stage}-${name}`)
        .toSorted(),
    );
    for (const [name, spec] of Object.entries(stateMachines)) {
      const [id, machine] = machines.find(([, m]) => m.Properties.StateMachineName.endsWith(`-${name}`))!;
      expect(machine.Properties.DefinitionSubstitutions).toEqual(
        Object.fromEntries(
          Object.entries(spec.tasks).map(([state, fn]) => [
            state,
            { 'Fn::GetAtt': [lambdaOf.get(fn), 'Arn'] },
          ]),
        ),
      );
      for (const trigger of spec.triggers) {
        const schedules = resources(s.appTemplate, 'AWS::Scheduler::Schedule').filter(
          ([, r]) =>
            r.Properties.ScheduleExpression === trigger.expression && target(r.Properties.Target.Arn) === id,
        );
        expect(schedules, trigger.name).toHaveLength(1);
      }
    }
  });
});
