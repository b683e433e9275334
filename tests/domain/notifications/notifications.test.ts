import { describe, expect, it } from 'vitest';
import {
  inboxEntriesOf,
  type NotificationState,
  notificationDecider,
  notificationIdOf,
  type Person,
  planDelivery,
} from '../../../domain/notifications/notifications.ts';
import { DomainError } from '../../../domain/shared/decider.ts';

const people: Person[] = [
  { id: 'u-owner', email: 'owner@x.example', role: 'owner', enabled: true },
  { id: 'u-admin', email: 'admin@x.example', role: 'admin', enabled: true },
  { id: 'u-admin-off', email: 'gone@x.example', role: 'admin', enabled: false },
  { id: 'u-viewer', email: 'viewer@x.example', role: 'viewer', enabled: true },
  { id: 'u-norole', email: 'new@x.example', role: null, enabled: true },
];

describe('who a notification reaches, and who by email', () => {
  it('reaches the members of the roles named, enabled ones only, once each', () => {
    const plan = planDelivery(
      { recipients: { roles: ['owner', 'admin'], userIds: ['u-owner'] }, severity: 'warning' },
      people,
    );
    expect(plan.userIds).toEqual(['u-admin', 'u-owner']);
    expect(plan.email).toEqual([
      { userId: 'u-admin', address: 'admin@x.example' },
      { userId: 'u-owner', address: 'owner@x.example' },
    ]);
  });

  it('reaches people named by id, and nobody the directory does not know', () => {
    const plan = planDelivery(
      { recipients: { userIds: ['u-viewer', 'u-unknown'] }, severity: 'critical' },
      people,
    );
    expect(plan.userIds).toEqual(['u-viewer']);
    expect(plan.email.map((e) => e.userId)).toEqual(['u-viewer']);
  });

  it('emails warnings and critical ones by default, keeps info in the centre', () => {
    const to = { recipients: { userIds: ['u-viewer'] } };
    expect(planDelivery({ ...to, severity: 'info' }, people).email).toEqual([]);
    expect(planDelivery({ ...to, severity: 'warning' }, people).email).toHaveLength(1);
    expect(planDelivery({ ...to, severity: 'critical' }, people).email).toHaveLength(1);
  });

  it('follows the raiser when it says email or not', () => {
    const to = { recipients: { userIds: ['u-viewer'] } };
    expect(planDelivery({ ...to, severity: 'info', email: true }, people).email).toHaveLength(1);
    expect(planDelivery({ ...to, severity: 'critical', email: false }, people).email).toEqual([]);
  });

  it('reaches nobody when no one holds the role', () => {
    expect(planDelivery({ recipients: { roles: ['manager'] }, severity: 'critical' }, people)).toEqual({
      userIds: [],
      email: [],
    });
  });
});

describe('a notification', () => {
  const raise = {
    type: 'RaiseNotification' as const,
    notificationId: 'n1',
    recipients: { roles: ['owner' as const] },
    userIds: ['u-owner', 'u-admin'],
    title: 'Title',
    body: 'Body',
    severity: 'warning' as const,
    source: { kind: 'test', id: 't1' },
  };
  const raised = (): NotificationState =>
    notificationDecider.decide(raise, notificationDecider.initialState).reduce(notificationDecider.evolve, {
      exists: false,
    } as NotificationState);

  it('has the same id for the same cause, ordered by time', () => {
    expect(notificationIdOf('2026-12-02T10:00:00Z', 'e1')).toBe(
      notificationIdOf('2026-12-02T10:00:00Z', 'e1'),
    );
    expect(notificationIdOf('2026-12-02T10:00:00Z', 'e2')).not.toBe(
      notificationIdOf('2026-12-02T10:00:00Z', 'e1'),
    );
    expect(
      notificationIdOf('2026-12-02T10:00:00Z', 'zz') < notificationIdOf('2026-12-02T10:00:01Z', 'aa'),
    ).toBe(true);
    expect(notificationIdOf('2026-12-02T10:00:00Z', 'e1')).toMatch(/^[A-Za-z0-9]{1,64}$/);
  });

  it('is raised once, and not for nobody', () => {
    expect(() => notificationDecider.decide(raise, raised())).toThrow(DomainError);
    expect(() =>
      notificationDecider.decide({ ...raise, userIds: [] }, notificationDecider.initialState),
    ).toThrow(/Nobody/);
  });

  it('is marked read by a recipient once, and by no one else', () => {
    const state = raised();
    const read = notificationDecider.decide({ type: 'MarkNotificationRead', userId: 'u-owner' }, state);
    expect(read).toEqual([{ type: 'NotificationRead', data: { notificationId: 'n1', userId: 'u-owner' } }]);
    const after = read.reduce(notificationDecider.evolve, state);
    expect(notificationDecider.decide({ type: 'MarkNotificationRead', userId: 'u-owner' }, after)).toEqual(
      [],
    );
    expect(() =>
      notificationDecider.decide({ type: 'MarkNotificationRead', userId: 'u-viewer' }, after),
    ).toThrow(expect.objectContaining({ status: 404 }));
    const entries = inboxEntriesOf(after, '2026-12-02T10:00:00Z');
    expect(entries.map((e) => [e.userId, e.status])).toEqual([
      ['u-owner', 'read'],
      ['u-admin', 'unread'],
    ]);
  });

  it('records each recipient emailed once', () => {
    const state = raised();
    const first = notificationDecider.decide(
      { type: 'RecordNotificationEmailed', userIds: ['u-owner'] },
      state,
    );
    const after = first.reduce(notificationDecider.evolve, state);
    expect(
      notificationDecider.decide(
        { type: 'RecordNotificationEmailed', userIds: ['u-owner', 'u-admin'] },
        after,
      ),
    ).toEqual([{ type: 'NotificationEmailed', data: { notificationId: 'n1', userIds: ['u-admin'] } }]);
  });
});
