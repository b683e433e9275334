/**
 * cdk-nag's AwsSolutions rules over both stacks. cdk-nag v3 reports through CDK's policy validation
 * instead of annotations: synthesis itself fails on any unacknowledged finding, so the test synthesizes
 * (which must not throw) and then re-runs the same checks to list what is left (which must be nothing).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { stateMachines } from '../../functions/manifest.ts';
import { ACCEPTED, acceptedPattern, FireflyNagChecks } from '../../infra/aws/nag.ts';
import { ROOT } from '../../infra/bundle.ts';
import { fixtureMachine, type Synthesized, synthesize } from './support.ts';

const configurations: [string, () => Synthesized][] = [
  // No console build: the config.json-only deployment path.
  ['dev, default context', () => synthesize({ webDist: join(ROOT, 'no-such-dir') })],
  [
    'prod, owner, email sender, custom domain, a state machine',
    () =>
      synthesize({
        stateMachines: { ...stateMachines, fixture: fixtureMachine().spec },
        context: {
          stage: 'prod',
          ownerEmail: 'owner@example.com',
          emailFrom: 'notifications@example.com',
          domainName: 'admin.example.com',
          certificateArn:
            'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000',
        },
      }),
  ],
  // The manifest's own state machines (the report machine among them), and report queries on Athena.
  [
    'prod, the Athena report engine',
    () => synthesize({ context: { stage: 'prod', reportEngine: 'athena' } }),
  ],
];

const findings = (report: ReturnType<AwsSolutionsChecks['validateScope']>) =>
  report.violations.flatMap((v) =>
    v.violatingResources.map((r) => ({
      rule: v.ruleName,
      severity: v.severity,
      path: r.constructPath ?? '',
    })),
  );

/** Pattern entries of ACCEPTED that matched a finding in some configuration. */
const usedPatterns = new Set<string>();

describe.each(configurations)('%s', (_, build) => {
  let s: Synthesized;
  beforeAll(() => {
    // Synthesis runs the checks as a validation plugin; a finding would make it throw here.
    s = build();
  });

  it('has no cdk-nag AwsSolutions errors or warnings left', () => {
    const left = findings(new FireflyNagChecks().validateScope(s.app));
    expect(left.filter((f) => f.severity === 'error')).toEqual([]);
    expect(left).toEqual([]);
  });

  it('accepts by pattern only findings an ACCEPTED entry names', () => {
    const raw = findings(new AwsSolutionsChecks().validateScope(s.app));
    for (const finding of raw) {
      const match = Object.entries(ACCEPTED).find(
        ([, entry]) =>
          'where' in entry && acceptedPattern(finding.rule, finding.path)?.reason === entry.reason,
      );
      expect(match, `${finding.rule} at ${finding.path}`).toBeDefined();
      usedPatterns.add(match![0]);
    }
  });
});

describe('accepted findings', () => {
  it('every pattern entry still matches something (no stale suppressions)', () => {
    const patterns = Object.entries(ACCEPTED)
      .filter(([, entry]) => 'where' in entry)
      .map(([key]) => key);
    expect(patterns.filter((p) => !usedPatterns.has(p))).toEqual([]);
  });

  it('are all listed in infra/aws/README.md with their reason', () => {
    const readme = readFileSync(join(ROOT, 'infra', 'aws', 'README.md'), 'utf8').replace(/\s+/g, ' ');
    for (const [key, { reason }] of Object.entries(ACCEPTED)) {
      expect(readme, key).toContain(key);
      expect(readme, key).toContain(reason.replace(/\s+/g, ' '));
    }
  });
});
