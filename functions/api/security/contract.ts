import * as z from 'zod';
import { INCIDENT_STATUSES } from '../../../domain/security/incidents.ts';
import {
  DetectionFindings,
  Resolution as ResolutionEnum,
  Severity as SeverityEnum,
} from '../../../events/contexts/security.ts';
import { Text } from '../../http/inputs.ts';
import { defineRoute } from '../../http/route.ts';
import { Id, IdParams, page } from '../schemas.ts';

const tag = 'Security';

export const Severity = SeverityEnum.meta({ id: 'Severity' });
export const Status = z.enum(INCIDENT_STATUSES).meta({ id: 'SecurityEventStatus' });
export const Resolution = ResolutionEnum;

export const SecurityEvent = z
  .object({
    id: Id,
    ...DetectionFindings.shape,
    severity: Severity,
    status: Status,
    raisedAt: z.string(),
    acknowledgedAt: z.string().optional(),
    acknowledgedBy: z.string().optional(),
    resolvedAt: z.string().optional(),
    resolvedBy: z.string().optional(),
    resolution: Resolution.optional(),
    notes: z.array(
      z.object({
        at: z.string(),
        by: z.string(),
        kind: z.enum(['acknowledged', 'resolved']),
        text: z.string(),
      }),
    ),
    version: z.number().int(),
  })
  .meta({ id: 'SecurityEvent' });

export const listSecurityEvents = defineRoute({
  method: 'GET',
  path: '/api/security/events',
  permission: 'security:read',
  summary: 'Security events raised by the detection rules, newest first',
  tag,
  query: z
    .object({
      status: Status.optional(),
      severity: Severity.optional(),
      rule: z.string().max(60).optional(),
      search: z.string().max(100).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(25),
      cursor: z.string().max(2048).optional(),
    })
    .strict(),
  response: page(SecurityEvent, 'SecurityEventPage'),
});

export const getSecurityEvent = defineRoute({
  method: 'GET',
  path: '/api/security/events/{id}',
  permission: 'security:read',
  summary: 'One security event with its evidence and notes',
  tag,
  params: IdParams,
  response: SecurityEvent,
});

const Note = Text(2000);

export const acknowledgeSecurityEvent = defineRoute({
  method: 'POST',
  path: '/api/security/events/{id}/acknowledge',
  permission: 'security:manage',
  summary: 'Acknowledge a security event: someone is looking into it',
  tag,
  params: IdParams,
  body: z.object({ note: Note }).strict().meta({ id: 'AcknowledgeSecurityEvent' }),
  response: SecurityEvent,
});

export const resolveSecurityEvent = defineRoute({
  method: 'POST',
  path: '/api/security/events/{id}/resolve',
  permission: 'security:manage',
  summary: 'Resolve a security event with what was found',
  tag,
  params: IdParams,
  body: z.object({ resolution: Resolution, note: Note }).strict().meta({ id: 'ResolveSecurityEvent' }),
  response: SecurityEvent,
});

export const Recommendation = z
  .object({
    id: z.string(),
    severity: z.enum(['low', 'medium', 'high']),
    title: z.string(),
    detail: z.string(),
    subjects: z.array(z.string()),
  })
  .meta({ id: 'SecurityRecommendation' });

export const securityOverview = defineRoute({
  method: 'GET',
  path: '/api/security/overview',
  permission: 'security:read',
  summary: 'Open security events by severity and recommendations computed from the current state',
  tag,
  response: z
    .object({
      open: z.record(Severity, z.number().int()),
      acknowledged: z.number().int(),
      recommendations: z.array(Recommendation),
      generatedAt: z.string(),
    })
    .meta({ id: 'SecurityOverview' }),
});

export const securityRules = defineRoute({
  method: 'GET',
  path: '/api/security/rules',
  permission: 'security:read',
  summary: 'The detection rules, their thresholds and the sign-in lockout policy, in plain language',
  tag,
  response: z
    .object({
      rules: z.array(
        z.object({ id: z.string(), title: z.string(), explanation: z.string(), thresholds: z.string() }),
      ),
      lockout: z.object({ account: z.string(), address: z.string() }),
      businessHours: z.string(),
    })
    .meta({ id: 'SecurityRules' }),
});

export const securityRoutes = [
  listSecurityEvents,
  getSecurityEvent,
  acknowledgeSecurityEvent,
  resolveSecurityEvent,
  securityOverview,
  securityRules,
];
