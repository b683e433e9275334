import type * as z from 'zod';
import type { DetectionFindings, Resolution as ResolutionEnum } from '../../events/contexts/security.ts';
import type { Envelope } from '../../events/envelope.ts';
import { reject } from '../shared/decider.ts';

/**
 * A security event's life: raised by a rule, acknowledged by someone looking into it, resolved with
 * what they found. Pure: the API loads the `security-<id>` stream, decides, and appends.
 */
type DetectionFindingsOf = z.infer<typeof DetectionFindings>;

export const INCIDENT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export type Resolution = z.infer<typeof ResolutionEnum>;

export interface IncidentNote {
  at: string;
  by: string;
  kind: 'acknowledged' | 'resolved';
  text: string;
}

export interface Incident extends DetectionFindingsOf {
  id: string;
  status: IncidentStatus;
  raisedAt: string;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  resolvedAt?: string;
  resolvedBy?: string;
  resolution?: Resolution;
  notes: IncidentNote[];
}

export type IncidentState = { exists: false } | ({ exists: true } & Incident);

export const NO_INCIDENT: IncidentState = { exists: false };

const by = (event: Envelope) => event.actor.email ?? event.actor.id;

export const evolveIncident = (state: IncidentState, event: Envelope): IncidentState => {
  const d = event.data as Record<string, unknown>;
  switch (event.type) {
    case 'SecurityEventRaised':
      return {
        exists: true,
        id: String(d.securityEventId),
        rule: String(d.rule),
        severity: d.severity as Incident['severity'],
        title: String(d.title),
        explanation: String(d.explanation),
        subject: d.subject as Incident['subject'],
        evidence: d.evidence as Record<string, unknown>,
        windowStart: String(d.windowStart),
        windowEnd: String(d.windowEnd),
        status: 'open',
        raisedAt: event.occurredAt,
        notes: [],
      };
    case 'SecurityEventAcknowledged':
      if (!state.exists) return state;
      return {
        ...state,
        status: state.status === 'resolved' ? 'resolved' : 'acknowledged',
        acknowledgedAt: event.occurredAt,
        acknowledgedBy: by(event),
        notes: [
          ...state.notes,
          { at: event.occurredAt, by: by(event), kind: 'acknowledged', text: String(d.note) },
        ],
      };
    case 'SecurityEventResolved':
      if (!state.exists) return state;
      return {
        ...state,
        status: 'resolved',
        resolvedAt: event.occurredAt,
        resolvedBy: by(event),
        resolution: d.resolution as Resolution,
        notes: [
          ...state.notes,
          { at: event.occurredAt, by: by(event), kind: 'resolved', text: String(d.note) },
        ],
      };
    default:
      return state;
  }
};

export type IncidentCommand =
  | { type: 'Acknowledge'; note: string }
  | { type: 'Resolve'; resolution: Resolution; note: string };

export const decideIncident = (command: IncidentCommand, state: IncidentState) => {
  if (!state.exists) return reject('not-found', 'No such security event', 404);
  if (state.status === 'resolved') {
    return reject('already-resolved', `This security event was resolved on ${state.resolvedAt}`, 409);
  }
  if (command.type === 'Acknowledge') {
    if (state.status === 'acknowledged') {
      return reject('already-acknowledged', `${state.acknowledgedBy} already acknowledged this event`, 409);
    }
    return [
      { type: 'SecurityEventAcknowledged' as const, data: { securityEventId: state.id, note: command.note } },
    ];
  }
  return [
    {
      type: 'SecurityEventResolved' as const,
      data: { securityEventId: state.id, resolution: command.resolution, note: command.note },
    },
  ];
};
