import type { z } from 'zod';
import type { ModelOption } from '../../events/contexts/catalog.ts';
import { type Decider, type Event, reject } from '../shared/decider.ts';

export type Option = z.infer<typeof ModelOption>;

export type ModelState =
  | { exists: false }
  | {
      exists: true;
      modelId: string;
      name: string;
      basePriceCents: number;
      options: Option[];
      retired: boolean;
    };

export type ModelCommand =
  | { type: 'CreateModel'; modelId: string; name: string; basePriceCents: number; options: Option[] }
  | { type: 'RepriceModel'; basePriceCents: number }
  | { type: 'SetModelOption'; option: Option }
  | { type: 'RetireModel' };

export type ModelEvent = Event<'ModelCreated' | 'ModelRepriced' | 'ModelOptionSet' | 'ModelRetired'>;

const activeModel = (state: ModelState) => {
  if (!state.exists) return reject('model-not-found', 'No such model', 404);
  if (state.retired) return reject('model-retired', `Model ${state.name} is retired and cannot change`, 409);
  return state;
};

const decide = (command: ModelCommand, state: ModelState): ModelEvent[] => {
  switch (command.type) {
    case 'CreateModel': {
      if (state.exists) return reject('model-exists', `Model ${command.modelId} already exists`, 409);
      const codes = new Set(command.options.map((o) => o.code));
      if (codes.size !== command.options.length)
        return reject('duplicate-option', 'Option codes must be unique');
      const { type: _, ...data } = command;
      return [{ type: 'ModelCreated', data }];
    }
    case 'RepriceModel': {
      const model = activeModel(state);
      if (model.basePriceCents === command.basePriceCents) return [];
      return [
        { type: 'ModelRepriced', data: { modelId: model.modelId, basePriceCents: command.basePriceCents } },
      ];
    }
    case 'SetModelOption': {
      const model = activeModel(state);
      return [{ type: 'ModelOptionSet', data: { modelId: model.modelId, option: command.option } }];
    }
    case 'RetireModel': {
      const model = activeModel(state);
      return [{ type: 'ModelRetired', data: { modelId: model.modelId } }];
    }
  }
};

const evolve = (state: ModelState, event: ModelEvent): ModelState => {
  switch (event.type) {
    case 'ModelCreated':
      return { exists: true, ...event.data, retired: false };
    case 'ModelRepriced':
      return state.exists ? { ...state, basePriceCents: event.data.basePriceCents } : state;
    case 'ModelOptionSet': {
      if (!state.exists) return state;
      const { option } = event.data;
      const others = state.options.filter((o) => o.code !== option.code);
      return { ...state, options: [...others, option] };
    }
    case 'ModelRetired':
      return state.exists ? { ...state, retired: true } : state;
  }
};

export const modelDecider: Decider<ModelCommand, ModelState, ModelEvent> = {
  initialState: { exists: false },
  decide,
  evolve,
};
