import type { Role } from '../../api/types';

/**
 * The security, audit and user API shapes, mirroring functions/api/{audit,security,users}/contract.ts
 * (the console reaches the API over HTTP only).
 */
export type Severity = 'low' | 'medium' | 'high' | 'critical';
export type IncidentStatus = 'open' | 'acknowledged' | 'resolved';
export type Resolution = 'fixed' | 'false-positive' | 'accepted-risk';

export interface SecurityEvent {
  id: string;
  rule: string;
  severity: Severity;
  title: string;
  explanation: string;
  subject: { kind: string; id: string };
  evidence: Record<string, unknown>;
  windowStart: string;
  windowEnd: string;
  status: IncidentStatus;
  raisedAt: string;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  resolvedAt?: string;
  resolvedBy?: string;
  resolution?: Resolution;
  notes: { at: string; by: string; kind: 'acknowledged' | 'resolved'; text: string }[];
  version: number;
}

export interface Recommendation {
  id: string;
  severity: 'low' | 'medium' | 'high';
  title: string;
  detail: string;
  subjects: string[];
}

export interface SecurityOverview {
  open: Record<Severity, number>;
  acknowledged: number;
  recommendations: Recommendation[];
  generatedAt: string;
}

export interface SecurityRules {
  rules: { id: string; title: string; explanation: string; thresholds: string }[];
  lockout: { account: string; address: string };
  businessHours: string;
}

export interface AuditEntry {
  seq: number;
  prevHash: string;
  hash: string;
  chainedAt: string;
  eventId: string;
  eventType: string;
  context: string;
  streamId: string;
  streamVersion: number;
  record: { type: string; id: string };
  occurredAt: string;
  actor: { id: string; email?: string; role: string; ip?: string; userAgent?: string };
  correlationId: string;
  causationId: string;
  summary: string;
  changes: Record<string, unknown>;
}

export interface BrokenLink {
  seq: number;
  kind: 'edited' | 'deleted' | 'inserted' | 'reordered' | 'digest';
  message: string;
  expected?: string;
  actual?: string;
}

export interface Verification {
  ok: boolean;
  checked: number;
  fromSeq: number;
  toSeq: number;
  lastHash: string;
  digestsChecked: number;
  firstBroken?: BrokenLink;
  digests: { count: number; ok: boolean };
  durationMs: number;
  entriesPerSecond: number;
}

export interface Digest {
  key: string;
  sha256: string;
  fromSeq: number;
  toSeq: number;
  lastHash: string;
  createdAt: string;
}

export interface User {
  id: string;
  email: string;
  role: Role | null;
  enabled: boolean;
  status: string;
  mfa: boolean;
  createdAt: string;
  modifiedAt: string;
  lastSignInAt?: string;
  lastActiveAt?: string;
  lockedUntil?: string;
  failedSignIns?: number;
}

export interface Session {
  startedAt: string;
  lastActivityAt: string;
  ip?: string;
  userAgent?: string;
  actions: number;
  signInEventId: string;
}

export interface UserActivity {
  user: User;
  sessions: Session[];
  timeline: AuditEntry[];
}

export interface AuditFilters {
  who?: string;
  record?: string;
  type?: string;
  from?: string;
  to?: string;
}
