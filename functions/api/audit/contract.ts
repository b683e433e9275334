import * as z from 'zod';
import { Actor } from '../../../events/envelope.ts';
import { defineRoute } from '../../http/route.ts';
import { page } from '../schemas.ts';

const tag = 'Audit';

const Hash = z
  .string()
  .regex(/^[0-9a-f]{64}$/)
  .meta({ description: 'SHA-256, lower-case hex' });

export const AuditEntry = z
  .object({
    seq: z.number().int().meta({ description: 'Position in the chain, from 1' }),
    prevHash: Hash,
    hash: Hash,
    chainedAt: z.string(),
    format: z.string(),
    eventId: z.string(),
    eventType: z.string(),
    eventVersion: z.number().int(),
    context: z.string(),
    streamId: z.string(),
    streamVersion: z.number().int(),
    record: z.object({ type: z.string(), id: z.string() }),
    occurredAt: z.string(),
    actor: Actor,
    correlationId: z.string(),
    causationId: z.string(),
    summary: z.string(),
    changes: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'AuditEntry' });

const Instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s).toISOString());

export const Filters = z
  .object({
    who: z
      .string()
      .trim()
      .toLowerCase()
      .min(1)
      .max(254)
      .optional()
      .meta({ description: 'The person: their email (or id for system actors)' }),
    record: z
      .string()
      .regex(/^[a-z]+-[^\s]{1,254}$/, 'A record is a stream id such as order-01H…')
      .optional()
      .meta({ description: 'A record by its stream id, e.g. `order-01H…` or `user-ann@x.com`' }),
    type: z
      .string()
      .regex(/^[A-Za-z]{1,80}$/)
      .optional()
      .meta({ description: 'An event type, e.g. RoleAssigned' }),
    from: Instant.optional().meta({ description: 'Events at or after this instant' }),
    to: Instant.optional().meta({ description: 'Events at or before this instant' }),
  })
  .strict();

export const searchAudit = defineRoute({
  method: 'GET',
  path: '/api/audit/entries',
  permission: 'audit:read',
  summary: 'Search the audit log by person, record, event type and time range, newest first (recorded)',
  tag,
  query: Filters.extend({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(4096).optional(),
  }).strict(),
  response: page(AuditEntry, 'AuditPage'),
});

export const SeqParams = z.object({ seq: z.coerce.number().int().min(1) }).strict();

export const getAuditEntry = defineRoute({
  method: 'GET',
  path: '/api/audit/entries/{seq}',
  permission: 'audit:read',
  summary: 'One audit entry with its canonical JSON, as hashed',
  tag,
  params: SeqParams,
  response: AuditEntry.extend({ canonical: z.string() }).meta({ id: 'AuditEntryDetail' }),
});

export const Format = z.enum(['csv', 'json']).default('csv');

const Csv = z.string().meta({ description: 'CSV, one row per entry (spreadsheet-safe cells)' });

export const exportAudit = defineRoute({
  method: 'GET',
  path: '/api/audit/export',
  permission: 'audit:export',
  summary: 'Download the matching audit entries as CSV or JSON (at most 10,000; recorded)',
  tag,
  query: Filters.extend({ format: Format }).strict(),
  response: Csv,
  contentType: 'text/csv; charset=utf-8',
  alternatives: {
    'application/json': z
      .object({
        exportedAt: z.string(),
        filters: z
          .object({
            who: z.string().optional(),
            record: z.string().optional(),
            type: z.string().optional(),
            from: z.string().optional(),
            to: z.string().optional(),
          })
          .meta({ description: 'The filters the entries matched' }),
        entries: z.array(AuditEntry),
      })
      .meta({ id: 'AuditExport' }),
  },
});

export const BrokenLink = z
  .object({
    seq: z.number().int(),
    kind: z.enum(['edited', 'deleted', 'inserted', 'reordered', 'digest']),
    message: z.string(),
    expected: z.string().optional(),
    actual: z.string().optional(),
  })
  .meta({ id: 'AuditBrokenLink' });

export const Verification = z
  .object({
    ok: z.boolean(),
    checked: z.number().int(),
    fromSeq: z.number().int(),
    toSeq: z.number().int(),
    lastHash: z.string(),
    digestsChecked: z.number().int(),
    firstBroken: BrokenLink.optional(),
    digests: z.object({ count: z.number().int(), ok: z.boolean() }),
    deep: z.object({ entriesMatched: z.number().int(), missingFromLog: z.array(z.string()) }).optional(),
    durationMs: z.number(),
    entriesPerSecond: z.number(),
  })
  .meta({ id: 'AuditVerification' });

export const verifyAudit = defineRoute({
  method: 'GET',
  path: '/api/audit/verify',
  permission: 'audit:read',
  summary:
    'Verify the hash chain and the digests; names the first broken link and what kind of tampering it is',
  tag,
  query: z
    .object({
      fromSeq: z.coerce.number().int().min(1).optional(),
      toSeq: z.coerce.number().int().min(1).optional(),
      deep: z
        .enum(['true', 'false'])
        .optional()
        .transform((v) => v === 'true')
        .meta({ description: 'Also match every entry against the event store' }),
    })
    .strict()
    .refine((q) => q.fromSeq === undefined || q.toSeq === undefined || q.toSeq >= q.fromSeq, {
      message: 'toSeq must not be below fromSeq',
      path: ['toSeq'],
    }),
  response: Verification,
});

export const Digest = z
  .object({
    key: z.string(),
    sha256: Hash,
    fromSeq: z.number().int(),
    toSeq: z.number().int(),
    lastHash: Hash,
    createdAt: z.string(),
  })
  .meta({ id: 'AuditDigest' });

export const listDigests = defineRoute({
  method: 'GET',
  path: '/api/audit/digests',
  permission: 'audit:read',
  summary: 'The digests written to S3: each seals a range of the chain',
  tag,
  response: z.object({ items: z.array(Digest) }).meta({ id: 'AuditDigests' }),
});

export const sealDigest = defineRoute({
  method: 'POST',
  path: '/api/audit/digests',
  permission: 'security:manage',
  summary: 'Seal the entries chained since the last digest now, instead of waiting for the hourly run',
  tag,
  status: 201,
  // Nothing chained since the last digest: nothing is written, and the answer says why.
  alsoStatus: [200],
  response: z
    .object({
      written: z.boolean(),
      reason: z.string().optional(),
      key: z.string().optional(),
      fromSeq: z.number().int().optional(),
      toSeq: z.number().int().optional(),
      lastHash: z.string().optional(),
      reconciled: z.object({ checked: z.number().int(), chained: z.number().int() }),
    })
    .meta({ id: 'AuditSealed' }),
});

const DigestBody = z.object({
  format: z.string(),
  stage: z.string(),
  fromSeq: z.number().int(),
  toSeq: z.number().int(),
  entryCount: z.number().int(),
  firstChainedAt: z.string(),
  lastChainedAt: z.string(),
  previousHash: Hash,
  lastHash: Hash,
  previousDigest: z.object({ key: z.string(), sha256: Hash }).nullable(),
  createdAt: z.string(),
});

/** What functions/audit/evidence.ts assembles: everything needed to check the period's entries offline. */
const EvidencePack = z
  .object({
    format: z.string(),
    period: z.object({ from: z.string(), to: z.string() }),
    generatedAt: z.string(),
    generatedBy: z.string(),
    range: z
      .object({ fromSeq: z.number().int(), toSeq: z.number().int() })
      .nullable()
      .meta({ description: 'The entries chained in the period; null when none were' }),
    entries: z.array(
      z.object({
        seq: z.number().int(),
        prevHash: Hash,
        hash: Hash,
        canonical: z.string(),
        entry: AuditEntry,
      }),
    ),
    proof: z.object({
      algorithm: z.string(),
      anchor: z.object({ seq: z.number().int(), hash: Hash }),
      lastHash: Hash,
      digests: z.array(
        z.object({
          key: z.string(),
          sha256: Hash,
          indexedSha256: Hash.optional(),
          body: DigestBody,
          canonical: z.string(),
        }),
      ),
      verification: z.object({
        ok: z.boolean(),
        checked: z.number().int(),
        fromSeq: z.number().int(),
        toSeq: z.number().int(),
        lastHash: z.string(),
        digestsChecked: z.number().int(),
        firstBroken: BrokenLink.optional(),
      }),
    }),
  })
  .meta({ id: 'AuditEvidencePack' });

export const evidencePack = defineRoute({
  method: 'GET',
  path: '/api/audit/evidence',
  permission: 'audit:export',
  summary:
    'An evidence pack for a period: the entries chained in it with their canonical JSON and hashes, the digests and the chain proof (JSON or CSV; recorded)',
  tag,
  query: z.object({ from: Instant, to: Instant, format: z.enum(['csv', 'json']).default('json') }).strict(),
  response: EvidencePack,
  alternatives: { 'text/csv; charset=utf-8': Csv },
});

export const auditRoutes = [
  searchAudit,
  getAuditEntry,
  exportAudit,
  verifyAudit,
  listDigests,
  sealDigest,
  evidencePack,
];
