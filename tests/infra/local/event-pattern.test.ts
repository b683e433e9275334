import { describe, expect, it } from 'vitest';
import { matches } from '../../../events/pattern-match.ts';
import { rules } from '../../../events/rules.ts';

// The example event and patterns from AWS's "Amazon EventBridge event patterns" documentation.
const event = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated' },
};

describe('local bus pattern matching', () => {
  it('matches exact values, any of a list, and nested detail fields', () => {
    expect(matches({ source: ['aws.ec2'] }, event)).toBe(true);
    expect(matches({ source: ['aws.s3', 'aws.ec2'] }, event)).toBe(true);
    expect(matches({ source: ['aws.s3'] }, event)).toBe(false);
    expect(matches({ source: ['aws.ec2'], detail: { state: ['terminated'] } }, event)).toBe(true);
    expect(matches({ source: ['aws.ec2'], detail: { state: ['running'] } }, event)).toBe(false);
  });

  it('matches prefixes and anything-but', () => {
    expect(matches({ time: [{ prefix: '2017-12-22' }] }, event)).toBe(true);
    expect(matches({ source: [{ prefix: 'aws.s' }] }, event)).toBe(false);
    expect(matches({ detail: { state: [{ 'anything-but': 'initializing' }] } }, event)).toBe(true);
    expect(matches({ detail: { state: [{ 'anything-but': ['stopped', 'terminated'] }] } }, event)).toBe(
      false,
    );
  });

  it('matches arrays in the event when any element matches', () => {
    expect(
      matches({ resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'] }, event),
    ).toBe(true);
    expect(matches({ resources: ['arn:other'] }, event)).toBe(false);
  });

  it('never matches a field the event lacks, even with anything-but', () => {
    expect(matches({ detail: { missing: ['x'] } }, event)).toBe(false);
    expect(matches({ detail: { missing: [{ 'anything-but': 'x' }] } }, event)).toBe(false);
  });

  it('routes every Firefly event to the projections rule', () => {
    expect(matches(rules.allDomainEvents, { ...event, source: 'firefly.sales' })).toBe(true);
    expect(matches(rules.allDomainEvents, event)).toBe(false);
  });
});
