import type { Detection } from '../../domain/security/detection.ts';
import { evolveIncident, type Incident, NO_INCIDENT } from '../../domain/security/incidents.ts';
import { type Actor, idOf, streamId } from '../../events/envelope.ts';
import { append, ConcurrencyError, readStream } from '../adapters/event-store.ts';
import { getRow, putRowIfAt } from '../adapters/views.ts';

/** The security events read model: one row per event in the views table, kept by catching up. */
export const SECURITY_VIEW = 'security-events';
export const DETECTOR: Actor = { id: 'security-detector', role: 'system' };

/** Brings one security event's row up to date from its stream (idempotent, any order). */
export const projectIncident = async (stream: string): Promise<Incident | undefined> => {
  for (let attempt = 0; attempt < 5; attempt++) {
    const previous = await getRow<Incident & { exists: true }>(SECURITY_VIEW, idOf(stream));
    const commits = await readStream(stream, previous?.version ?? 0);
    if (commits.length === 0) return previous?.state;
    const events = commits.flatMap((c) => c.events);
    const state = events.reduce(
      evolveIncident,
      previous ? { ...previous.state, exists: true as const } : NO_INCIDENT,
    );
    if (!state.exists) return undefined;
    const { exists: _, ...incident } = state;
    const last = commits.at(-1)!;
    const ok = await putRowIfAt(
      {
        view: SECURITY_VIEW,
        id: idOf(stream),
        version: last.version,
        eventCount: events.at(-1)?.streamVersion ?? previous?.eventCount ?? 0,
        state: incident,
        search: `${incident.title} ${incident.subject.id} ${incident.rule}`.toLowerCase(),
        createdAt: previous?.createdAt ?? commits[0]!.committedAt,
        updatedAt: last.committedAt,
        lastEventId: events.at(-1)?.id ?? '',
      },
      previous?.version,
    );
    if (ok) return incident;
  }
  throw new Error(`Projection of ${stream} kept losing races`);
};

/**
 * Raises a detection as a security event, once: the stream `security-<id>` is created only if it does
 * not exist, so a detection found again (a duplicate delivery, another event in the same window) is
 * not raised twice. Returns whether this call raised it.
 */
export const raise = async (detection: Detection, correlationId = detection.id): Promise<boolean> => {
  const stream = streamId('security', detection.id);
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
