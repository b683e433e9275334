import type { components } from '../../api/schema.gen';

/**
 * The security, audit and user shapes: aliases of the API's generated description (`schema.gen.ts`, from
 * functions/api/{audit,security,users}/contract.ts), never copies.
 */
type Schemas = components['schemas'];

export type Severity = Schemas['Severity'];
export type IncidentStatus = Schemas['SecurityEventStatus'];
export type Resolution = Schemas['ResolveSecurityEvent']['resolution'];
export type SecurityEvent = Schemas['SecurityEvent'];
export type Recommendation = Schemas['SecurityRecommendation'];
export type SecurityOverview = Schemas['SecurityOverview'];
export type SecurityRules = Schemas['SecurityRules'];

export type AuditEntry = Schemas['AuditEntry'];
export type BrokenLink = Schemas['AuditBrokenLink'];
export type Verification = Schemas['AuditVerification'];
export type Digest = Schemas['AuditDigest'];

export type User = Schemas['User'];
export type Session = Schemas['Session'];
export type UserActivity = Schemas['UserActivity'];

/** The audit search's filters, as the page keeps them in its URL. */
export interface AuditFilters {
  who?: string;
  record?: string;
  type?: string;
  from?: string;
  to?: string;
}
