import type { ReportDefinition, ReportFilter } from '../../events/contexts/report-definition.ts';
import type { ReportSchedule } from '../../events/contexts/reports.ts';
import { availableBy, type Decider, type Event, type Probes, reject } from '../shared/decider.ts';

/**
 * A saved report as a record: drafted (from scratch or a template), edited (each edit a version, with
 * If-Match against lost updates), archived. Only its owner changes it, an owner or admin of the
 * platform (`anyone`), or a user or role it is shared with to edit. Its schedule, shares and share
 * links belong to it too; who may set those is the same as who may edit it.
 */
export const REPORT_STATUSES = ['active', 'archived'] as const;

type Owner = { id: string; email?: string };

export type Grantee = { kind: 'user'; id: string } | { kind: 'role'; role: string };
export interface ReportShare {
  shareId: string;
  grantee: Grantee;
  access: 'view' | 'edit';
}
export interface ReportLink {
  linkId: string;
  expiresAt: string;
  filters?: ReportFilter[];
  revoked: boolean;
}

/** Share links last at most this long. */
export const MAX_LINK_DAYS = 30;

export type SavedReportState =
  | { exists: false }
  | {
      exists: true;
      reportId: string;
      name: string;
      description: string;
      definition: ReportDefinition;
      owner: Owner;
      templateId?: string;
      status: (typeof REPORT_STATUSES)[number];
      schedule?: ReportSchedule;
      shares: ReportShare[];
      links: ReportLink[];
    };

/** Who is changing a report: their id and role, and whether they may change anyone's. */
export interface Changer {
  by: string;
  role?: string;
  /** May change anyone's report (owners and admins of the platform). */
  anyone?: boolean;
}

export type SavedReportCommand =
  | {
      type: 'DraftReport';
      reportId: string;
      name: string;
      description: string;
      definition: ReportDefinition;
      owner: Owner;
      templateId?: string;
    }
  | ({
      type: 'EditReport';
      name: string;
      description: string;
      definition: ReportDefinition;
    } & Changer)
  | ({ type: 'ArchiveReport' } & Changer)
  | ({ type: 'ScheduleReport'; schedule: ReportSchedule } & Changer)
  | ({ type: 'UnscheduleReport' } & Changer)
  | ({ type: 'ShareReport'; shareId: string; grantee: Grantee; access: 'view' | 'edit' } & Changer)
  | ({ type: 'UnshareReport'; shareId: string } & Changer)
  | ({
      type: 'CreateReportLink';
      linkId: string;
      expiresAt: string;
      now: string;
      filters?: ReportFilter[];
    } & Changer)
  | ({ type: 'RevokeReportLink'; linkId: string } & Changer);

export type SavedReportEvent = Event<
  | 'ReportDrafted'
  | 'ReportEdited'
  | 'ReportArchived'
  | 'ReportScheduled'
  | 'ReportUnscheduled'
  | 'ReportShared'
  | 'ReportUnshared'
  | 'ReportLinkCreated'
  | 'ReportLinkRevoked'
>;

type Existing = Extract<SavedReportState, { exists: true }>;

/** Whether a share names this person, by their id or their role. */
export const sharedWith = (share: ReportShare, who: { id: string; role?: string }) =>
  share.grantee.kind === 'user' ? share.grantee.id === who.id : share.grantee.role === who.role;

/** Who is looking at a report: their id and role, and whether they see everyone's (owners and admins). */
export interface Viewer {
  id: string;
  role?: string;
  anyone?: boolean;
}

/**
 * Whether someone may see a report at all (read it, run it, its history and runs): its owner, those it
 * is shared with (to view or edit, by id or role), owners and admins of the platform. To anyone else it
 * does not exist.
 */
export const mayView = (state: SavedReportState, who: Viewer): boolean =>
  state.exists &&
  (who.anyone === true || state.owner.id === who.id || state.shares.some((s) => sharedWith(s, who)));

const granteeKey = (grantee: Grantee) =>
  grantee.kind === 'user' ? `user:${grantee.id}` : `role:${grantee.role}`;

/** The key a report is listed under for its owner: apart from shares, so "mine" is one list of its own. */
const ownerKey = (id: string) => `owner:${id}`;

/** The keys a report is listed under for those who may see it: its owner's and each grantee's, once. */
export const accessKeys = (state: SavedReportState): string[] =>
  state.exists ? [ownerKey(state.owner.id), ...new Set(state.shares.map((s) => granteeKey(s.grantee)))] : [];

/**
 * The keys a person finds reports under: `mine` those they own, `shared` those shared with them or
 * their role, `all` both.
 */
export const viewerKeys = (who: Viewer, access: 'all' | 'mine' | 'shared' = 'all'): string[] => [
  ...(access === 'shared' ? [] : [ownerKey(who.id)]),
  ...(access === 'mine'
    ? []
    : [
        granteeKey({ kind: 'user', id: who.id }),
        ...(who.role ? [granteeKey({ kind: 'role', role: who.role })] : []),
      ]),
];

const changeable = (state: SavedReportState, { by, role, anyone }: Changer): Existing => {
  if (!state.exists) return reject('report-not-found', 'No such report', 404);
  if (state.status === 'archived') return reject('report-archived', 'The report is archived', 409);
  const editor = state.shares.some((s) => s.access === 'edit' && sharedWith(s, { id: by, role }));
  if (state.owner.id !== by && !anyone && !editor)
    return reject(
      'not-report-owner',
      'Only its owner, an owner or admin, or someone it is shared with to edit can change this report',
      409,
    );
  return state;
};

const DAY_MS = 86_400_000;

const decide = (command: SavedReportCommand, state: SavedReportState): SavedReportEvent[] => {
  switch (command.type) {
    case 'DraftReport': {
      if (state.exists) return reject('report-exists', 'This report already exists', 409);
      const { type: _, templateId, ...data } = command;
      return [{ type: 'ReportDrafted', data: { ...data, ...(templateId ? { templateId } : {}) } }];
    }
    case 'EditReport': {
      const report = changeable(state, command);
      return [
        {
          type: 'ReportEdited',
          data: {
            reportId: report.reportId,
            name: command.name,
            description: command.description,
            definition: command.definition,
          },
        },
      ];
    }
    case 'ArchiveReport': {
      const report = changeable(state, command);
      return [{ type: 'ReportArchived', data: { reportId: report.reportId } }];
    }
    case 'ScheduleReport': {
      const { reportId } = changeable(state, command);
      return [{ type: 'ReportScheduled', data: { reportId, schedule: command.schedule } }];
    }
    case 'UnscheduleReport': {
      const report = changeable(state, command);
      if (!report.schedule) return reject('report-not-scheduled', 'The report has no schedule', 409);
      return [{ type: 'ReportUnscheduled', data: { reportId: report.reportId } }];
    }
    case 'ShareReport': {
      const report = changeable(state, command);
      if (report.shares.some((s) => s.shareId === command.shareId))
        return reject('share-exists', 'This share already exists', 409);
      const { shareId, grantee, access } = command;
      return [{ type: 'ReportShared', data: { reportId: report.reportId, shareId, grantee, access } }];
    }
    case 'UnshareReport': {
      const report = changeable(state, command);
      if (!report.shares.some((s) => s.shareId === command.shareId))
        return reject('share-not-found', 'No such share', 404);
      return [{ type: 'ReportUnshared', data: { reportId: report.reportId, shareId: command.shareId } }];
    }
    case 'CreateReportLink': {
      const report = changeable(state, command);
      const lasts = Date.parse(command.expiresAt) - Date.parse(command.now);
      if (!(lasts > 0) || lasts > MAX_LINK_DAYS * DAY_MS)
        return reject(
          'link-expiry',
          `A share link expires in the future and within ${MAX_LINK_DAYS} days`,
          422,
        );
      const { linkId, expiresAt, filters } = command;
      return [
        {
          type: 'ReportLinkCreated',
          data: { reportId: report.reportId, linkId, expiresAt, ...(filters ? { filters } : {}) },
        },
      ];
    }
    case 'RevokeReportLink': {
      const report = changeable(state, command);
      const link = report.links.find((l) => l.linkId === command.linkId);
      if (!link) return reject('link-not-found', 'No such share link', 404);
      if (link.revoked) return reject('link-revoked', 'The share link is already revoked', 409);
      return [{ type: 'ReportLinkRevoked', data: { reportId: report.reportId, linkId: link.linkId } }];
    }
  }
};

const evolve = (state: SavedReportState, event: SavedReportEvent): SavedReportState => {
  if (event.type === 'ReportDrafted')
    return { exists: true, ...event.data, status: 'active', shares: [], links: [] };
  if (!state.exists) return state;
  switch (event.type) {
    case 'ReportEdited':
      return { ...state, ...event.data };
    case 'ReportArchived':
      return { ...state, status: 'archived' };
    case 'ReportScheduled':
      return { ...state, schedule: event.data.schedule };
    case 'ReportUnscheduled': {
      const { schedule: _, ...rest } = state;
      return rest;
    }
    case 'ReportShared': {
      const { shareId, grantee, access } = event.data;
      return { ...state, shares: [...state.shares, { shareId, grantee, access }] };
    }
    case 'ReportUnshared':
      return { ...state, shares: state.shares.filter((s) => s.shareId !== event.data.shareId) };
    case 'ReportLinkCreated': {
      const { linkId, expiresAt, filters } = event.data;
      return {
        ...state,
        links: [...state.links, { linkId, expiresAt, ...(filters ? { filters } : {}), revoked: false }],
      };
    }
    case 'ReportLinkRevoked':
      return {
        ...state,
        links: state.links.map((l) => (l.linkId === event.data.linkId ? { ...l, revoked: true } : l)),
      };
  }
};

export const savedReportDecider: Decider<SavedReportCommand, SavedReportState, SavedReportEvent> = {
  initialState: { exists: false },
  decide,
  evolve,
};

export const REPORT_ACTIONS = ['edit', 'archive'] as const;
export type ReportAction = (typeof REPORT_ACTIONS)[number];

const probes: Probes<SavedReportCommand, SavedReportState, ReportAction> = {
  edit: (state, { by }) =>
    state.exists
      ? {
          type: 'EditReport',
          name: state.name,
          description: state.description,
          definition: state.definition,
          by,
        }
      : undefined,
  archive: (_, { by }) => ({ type: 'ArchiveReport', by }),
};

export const availableReportActions = availableBy(savedReportDecider, REPORT_ACTIONS, probes);
