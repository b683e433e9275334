import type { Detection } from '../../domain/security/detection.ts';
import {
  evolveIncident,
  type Incident,
  type IncidentState,
  NO_INCIDENT,
} from '../../domain/security/incidents.ts';
import { type Actor, idOf } from '../../events/envelope.ts';
import { append, ConcurrencyError, readStream } from '../adapters/event-store.ts';
import { getRow, putRowIfAt } from '../adapters/views.ts';
import { systemStreams } from '../application/aggregates.ts';
import { foldRow, type RowFold } from '../application/view-rows.ts';

/** The security events read model: one row per event in the views table, kept by catching up. */
export const SECURITY_VIEW = 'security-events';
/** The security events list's filters (see `listSecurityEvents`), each answered by an index. */
export const INCIDENT_LIST = { view: SECURITY_VIEW, filters: ['status', 'severity', 'rule'] } as const;
export const DETECTOR: Actor = { id: 'security-detector', role: 'system' };

/** A security event's row: the incident without its `exists` flag. */
const incidentRows: RowFold<IncidentState> = {
  ...INCIDENT_LIST,
  initialState: NO_INCIDENT,
  evolve: evolveIncident,
  searchText: (incident) =>
    incident.exists ? `${incident.title} ${incident.subject.id} ${incident.rule}`.toLowerCase() : '',
  toRow: (incident) => {
    const { exists: _, ...stored } = incident;
    return stored;
  },
  fromRow: (stored) => ({ ...(stored as Incident), exists: true }),
};

/** Brings one security event's row up to date from its stream (idempotent, any order). */
export const projectIncident = async (stream: string): Promise<Incident | undefined> => {
  for (let attempt = 0; attempt < 5; attempt++) {
    const previous = await getRow<Incident>(SECURITY_VIEW, idOf(stream));
    const commits = await readStream(stream, previous?.version ?? 0);
    const folded = foldRow(incidentRows, stream, previous, commits);
    if (!folded) return previous?.state;
    if (!folded.state.exists) return undefined;
    if (await putRowIfAt(folded.row, previous)) {
      const { exists: _, ...incident } = folded.state;
      return incident;
    }
  }
  throw new Error(`Projection of ${stream} kept losing races`);
};

/**
 * Raises a detection as a security event, once: the stream `security-<id>` is created only if it does
 * not exist, so a detection found again (a duplicate delivery, another event in the same window) is
 * not raised twice. Returns whether this call raised it.
 */
export const raise = async (detection: Detection, correlationId = detection.id): Promise<boolean> => {
  const stream = systemStreams.security(detection.id);
  try {
    await append(
      stream,
      { version: 0, eventCount: 0 },
      [
        {
          type: 'SecurityEventRaised',
          data: {
            securityEventId: detection.id,
            rule: detection.rule,
            severity: detection.severity,
            title: detection.title,
            explanation: detection.explanation,
            subject: detection.subject,
            evidence: detection.evidence,
            windowStart: detection.windowStart,
            windowEnd: detection.windowEnd,
          },
        },
      ],
      { actor: DETECTOR, correlationId },
    );
  } catch (error) {
    if (error instanceof ConcurrencyError) return false;
    throw error;
  }
  await projectIncident(stream);
  return true;
};
