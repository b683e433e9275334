/** The small pure pieces of the CDK app: context validation and event pattern translation. */
import { Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { type EventPattern, rules } from '../../events/rules.ts';
import { toCdkPattern } from '../../infra/aws/constructs/bus.ts';
import { pascal, validateSettings } from '../../infra/aws/settings.ts';
import { normalize } from './support.ts';

const rendered = (pattern: EventPattern) => new Stack().resolve(toCdkPattern(pattern));

describe('toCdkPattern', () => {
  it('renders every rule of events/rules.ts exactly as written', () => {
    for (const pattern of Object.values(rules) as EventPattern[]) {
      const { detailType, ...rest } = rendered(pattern) as Record<string, unknown>;
      const back = JSON.parse(JSON.stringify({ ...rest, 'detail-type': detailType }));
      expect(back).toEqual(normalize(pattern));
    }
  });

  it('renders exact strings, prefixes and anything-but, alone and mixed', () => {
    expect(
      rendered({
        source: ['firefly.sales'],
        'detail-type': [{ prefix: 'Order' }, 'CustomerRegistered'],
        detail: { role: [{ 'anything-but': 'viewer' }], stage: [{ 'anything-but': ['a', 'b'] }] },
      }),
    ).toEqual({
      source: ['firefly.sales'],
      detailType: [{ prefix: 'Order' }, 'CustomerRegistered'],
      detail: { role: [{ 'anything-but': ['viewer'] }], stage: [{ 'anything-but': ['a', 'b'] }] },
    });
  });
});

describe('settings', () => {
  it('accepts the defaults', () => {
    expect(validateSettings({ stage: 'dev' })).toEqual({ stage: 'dev' });
  });

  it.each([
    [{ stage: 'Prod' }, /stage/],
    [{ stage: 'x' }, /stage/],
    [{ stage: 'dev', ownerEmail: 'not-an-email' }, /ownerEmail/],
    [{ stage: 'dev', domainName: 'admin.example.com' }, /certificateArn/],
  ])('rejects %j', (settings, message) => {
    expect(() => validateSettings(settings)).toThrow(message);
  });

  it('makes construct ids from manifest names', () => {
    expect(pascal('api-orders')).toBe('ApiOrders');
    expect(pascal('allDomainEvents')).toBe('AllDomainEvents');
    expect(pascal('outbox-sweep')).toBe('OutboxSweep');
  });
});
