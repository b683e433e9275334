import type { ReportDefinition } from '../../events/contexts/report-definition.ts';
import { availableBy, type Decider, type Event, type Probes, reject } from '../shared/decider.ts';

/**
 * A saved report as a record: drafted (from scratch or a template), edited (each edit a version, with
 * If-Match against lost updates), archived. Only its owner changes it, or an owner or admin of the
 * platform (`anyone`): sharing for editing comes with share links.
 */
export const REPORT_STATUSES = ['active', 'archived'] as const;

type Owner = { id: string; email?: string };

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
    };

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
  | {
      type: 'EditReport';
      name: string;
      description: string;
      definition: ReportDefinition;
      by: string;
      /** May change anyone's report (owners and admins of the platform). */
      anyone?: boolean;
    }
  | { type: 'ArchiveReport'; by: string; anyone?: boolean };

export type SavedReportEvent = Event<'ReportDrafted' | 'ReportEdited' | 'ReportArchived'>;

type Existing = Extract<SavedReportState, { exists: true }>;

const changeable = (state: SavedReportState, by: string, anyone?: boolean): Existing => {
  if (!state.exists) return reject('report-not-found', 'No such report', 404);
  if (state.status === 'archived') return reject('report-archived', 'The report is archived', 409);
  if (state.owner.id !== by && !anyone)
    return reject('not-report-owner', 'Only its owner (or an owner or admin) can change this report', 409);
  return state;
};

const decide = (command: SavedReportCommand, state: SavedReportState): SavedReportEvent[] => {
  switch (command.type) {
    case 'DraftReport': {
      if (state.exists) return reject('report-exists', 'This report already exists', 409);
      const { type: _, templateId, ...data } = command;
      return [{ type: 'ReportDrafted', data: { ...data, ...(templateId ? { templateId } : {}) } }];
    }
    case 'EditReport': {
      const report = changeable(state, command.by, command.anyone);
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
      const report = changeable(state, command.by, command.anyone);
      return [{ type: 'ReportArchived', data: { reportId: report.reportId } }];
    }
  }
};

const evolve = (state: SavedReportState, event: SavedReportEvent): SavedReportState => {
  if (event.type === 'ReportDrafted') return { exists: true, ...event.data, status: 'active' };
  if (!state.exists) return state;
  if (event.type === 'ReportEdited') return { ...state, ...event.data };
  return { ...state, status: 'archived' };
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
