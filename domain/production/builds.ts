import { BUILD_STAGES, type DELAY_REASONS } from '../../events/contexts/production.ts';
import { billOfMaterials, type Material, type ModelState } from '../catalog/models.ts';
import type { OrderState } from '../sales/orders.ts';
import { addDays, type Day } from '../shared/days.ts';
import { availableBy, type Decider, type Event, type Probes, reject } from '../shared/decider.ts';

export { BUILD_STAGES };
export type BuildStage = (typeof BUILD_STAGES)[number];
export type DelayReason = (typeof DELAY_REASONS)[number];
export const BUILD_STATUSES = ['scheduled', 'in_progress', 'complete', 'cancelled'] as const;
export type BuildStatus = (typeof BUILD_STATUSES)[number];

export interface Delay {
  reason: DelayReason;
  days: number;
  note?: string;
}

export type BuildState =
  | { exists: false }
  | {
      exists: true;
      buildId: string;
      orderId: string;
      modelId: string;
      modelName: string;
      bay: string;
      startOn: Day;
      /** The current due date, after delays. */
      dueOn: Day;
      originalDueOn: Day;
      materials: Material[];
      status: BuildStatus;
      /** The stage being worked on while in progress. */
      stage: BuildStage | null;
      stagesDone: { stage: BuildStage; on: Day }[];
      delays: Delay[];
      delayDays: number;
      startedOn?: Day;
      completedOn?: Day;
      late?: boolean;
      cancelReason?: string;
    };

export type BuildCommand =
  | {
      type: 'ScheduleBuild';
      buildId: string;
      order: OrderState;
      model: ModelState;
      bay: string;
      startOn: Day;
      dueOn: Day;
    }
  | { type: 'StartProduction'; on: Day }
  | { type: 'CompleteStage'; stage: BuildStage; on: Day }
  | { type: 'DelayBuild'; reason: DelayReason; days: number; note?: string }
  | { type: 'CancelBuild'; reason: string };

export type BuildEvent = Event<
  | 'BuildScheduled'
  | 'ProductionStarted'
  | 'BuildStageCompleted'
  | 'BuildDelayed'
  | 'ProductionCompleted'
  | 'BuildCancelled'
>;

const requireStatus = (state: BuildState, allowed: BuildStatus[], action: string) => {
  if (!state.exists) return reject('build-not-found', 'No such build', 404);
  if (!allowed.includes(state.status))
    return reject('invalid-status', `Cannot ${action}: the build is ${state.status.replace('_', ' ')}`, 409);
  return state;
};

const schedule = (
  command: Extract<BuildCommand, { type: 'ScheduleBuild' }>,
  state: BuildState,
): BuildEvent[] => {
  if (state.exists) return reject('build-exists', 'The order already has a build', 409);
  const { order, model } = command;
  if (!order.exists) return reject('order-not-found', 'The order does not exist');
  if (order.stage !== 'deposit_paid')
    return reject(
      'deposit-required',
      'Only orders with a paid deposit that are not yet built get a slot',
      409,
    );
  if (!model.exists || model.modelId !== order.modelId)
    return reject('model-not-found', "The order's model is not in the catalog");
  if (command.dueOn <= command.startOn) return reject('invalid-slot', 'A build must be due after it starts');
  const materials = billOfMaterials(
    model,
    order.options.map((o) => o.code),
  );
  return [
    {
      type: 'BuildScheduled',
      data: {
        buildId: command.buildId,
        orderId: order.orderId,
        modelId: model.modelId,
        modelName: model.name,
        bay: command.bay,
        startOn: command.startOn,
        dueOn: command.dueOn,
        materials,
      },
    },
  ];
};

const decide = (command: BuildCommand, state: BuildState): BuildEvent[] => {
  switch (command.type) {
    case 'ScheduleBuild':
      return schedule(command, state);
    case 'StartProduction': {
      const build = requireStatus(state, ['scheduled'], 'start production');
      return [
        {
          type: 'ProductionStarted',
          data: { buildId: build.buildId, orderId: build.orderId, on: command.on },
        },
      ];
    }
    case 'CompleteStage': {
      const build = requireStatus(state, ['in_progress'], 'complete a stage');
      if (build.stage !== command.stage)
        return reject('wrong-stage', `The build is in ${build.stage}, not ${command.stage}`, 409);
      if (build.startedOn && command.on < build.startedOn)
        return reject('invalid-date', 'A stage cannot finish before the build started');
      const done: BuildEvent = {
        type: 'BuildStageCompleted',
        data: { buildId: build.buildId, stage: command.stage, on: command.on },
      };
      if (command.stage !== 'inspection') return [done];
      return [
        done,
        {
          type: 'ProductionCompleted',
          data: {
            buildId: build.buildId,
            orderId: build.orderId,
            on: command.on,
            // Late against the date promised when the slot was booked: delays explain lateness, not excuse it.
            late: command.on > build.originalDueOn,
          },
        },
      ];
    }
    case 'DelayBuild': {
      const build = requireStatus(state, ['scheduled', 'in_progress'], 'delay the build');
      if (command.days < 1) return reject('invalid-delay', 'A delay is at least one day');
      const { type: _, ...delay } = command;
      return [
        {
          type: 'BuildDelayed',
          data: { buildId: build.buildId, ...delay, dueOn: addDays(build.dueOn, delay.days) },
        },
      ];
    }
    case 'CancelBuild': {
      const build = requireStatus(state, ['scheduled', 'in_progress'], 'cancel the build');
      return [
        {
          type: 'BuildCancelled',
          data: { buildId: build.buildId, orderId: build.orderId, reason: command.reason },
        },
      ];
    }
  }
};

const nextStage = (stage: BuildStage): BuildStage | null =>
  BUILD_STAGES[BUILD_STAGES.indexOf(stage) + 1] ?? null;

const evolve = (state: BuildState, event: BuildEvent): BuildState => {
  if (event.type === 'BuildScheduled') {
    const d = event.data;
    return {
      exists: true,
      ...d,
      originalDueOn: d.dueOn,
      status: 'scheduled',
      stage: null,
      stagesDone: [],
      delays: [],
      delayDays: 0,
    };
  }
  if (!state.exists) return state;
  switch (event.type) {
    case 'ProductionStarted':
      return { ...state, status: 'in_progress', stage: 'framing', startedOn: event.data.on };
    case 'BuildStageCompleted': {
      const { stage, on } = event.data;
      return { ...state, stage: nextStage(stage), stagesDone: [...state.stagesDone, { stage, on }] };
    }
    case 'BuildDelayed': {
      const { reason, days, note, dueOn } = event.data;
      return {
        ...state,
        dueOn,
        delays: [...state.delays, { reason, days, note }],
        delayDays: state.delayDays + days,
      };
    }
    case 'ProductionCompleted':
      return { ...state, status: 'complete', stage: null, completedOn: event.data.on, late: event.data.late };
    case 'BuildCancelled':
      return { ...state, status: 'cancelled', stage: null, cancelReason: event.data.reason };
  }
};

export const buildDecider: Decider<BuildCommand, BuildState, BuildEvent> = {
  initialState: { exists: false },
  decide,
  evolve,
};

/** What can be done to a build, named as the API's build commands. */
export const BUILD_ACTIONS = ['start', 'complete-stage', 'delay'] as const;
export type BuildAction = (typeof BUILD_ACTIONS)[number];

const buildProbes: Probes<BuildCommand, BuildState, BuildAction> = {
  start: (_, { today }) => ({ type: 'StartProduction', on: today }),
  'complete-stage': (state, { today }) =>
    state.exists && state.stage ? { type: 'CompleteStage', stage: state.stage, on: today } : undefined,
  delay: () => ({ type: 'DelayBuild', reason: 'materials', days: 1 }),
};

/** The build commands its decider would accept now (before the caller's permissions are considered). */
export const availableBuildActions = availableBy(buildDecider, BUILD_ACTIONS, buildProbes);
