import type * as z from 'zod';
import type {
  CatalogOption,
  Material as MaterialSchema,
  ModelOption,
} from '../../events/contexts/catalog.ts';
import { MOUNTS } from '../../events/contexts/catalog.ts';
import { availableBy, type Decider, type Event, type Probes, reject } from '../shared/decider.ts';

/** An option as orders record it: code, name and price. */
export type Option = z.infer<typeof ModelOption>;
/** An option as the catalog holds it: also whether it adds or upgrades, and what it consumes. */
export type CatalogOptionT = z.infer<typeof CatalogOption>;
export type Material = z.infer<typeof MaterialSchema>;
export type Mount = (typeof MOUNTS)[number];
export { MOUNTS };

export type ModelState =
  | { exists: false }
  | {
      exists: true;
      modelId: string;
      name: string;
      basePriceCents: number;
      options: CatalogOptionT[];
      sizeSqFt: number | null;
      sleeps: number | null;
      mount: Mount;
      materials: Material[];
      retired: boolean;
    };

/** Options may be given in the older shape (no kind, no materials): they are plain add-ons consuming nothing. */
export type OptionInput = Option & Partial<Pick<CatalogOptionT, 'kind' | 'materials'>>;

export type ModelCommand =
  | {
      type: 'CreateModel';
      modelId: string;
      name: string;
      basePriceCents: number;
      options: OptionInput[];
      sizeSqFt?: number | null;
      sleeps?: number | null;
      mount?: Mount;
      materials?: Material[];
    }
  | { type: 'RepriceModel'; basePriceCents: number }
  | { type: 'SetModelOption'; option: OptionInput }
  | { type: 'RemoveModelOption'; code: string }
  | { type: 'ChangeModelSpecs'; name?: string; sizeSqFt?: number; sleeps?: number; mount?: Mount }
  | { type: 'SetModelMaterials'; materials: Material[] }
  | { type: 'RetireModel' };

export type ModelEvent = Event<
  | 'ModelCreated'
  | 'ModelRepriced'
  | 'ModelOptionSet'
  | 'ModelOptionRemoved'
  | 'ModelSpecsChanged'
  | 'ModelMaterialsSet'
  | 'ModelRetired'
>;

const activeModel = (state: ModelState) => {
  if (!state.exists) return reject('model-not-found', 'No such model', 404);
  if (state.retired) return reject('model-retired', `Model ${state.name} is retired and cannot change`, 409);
  return state;
};

const completeOption = (option: OptionInput): CatalogOptionT => ({
  code: option.code,
  name: option.name,
  priceCents: option.priceCents,
  kind: option.kind ?? 'option',
  materials: option.materials ?? [],
});

/** A bill of materials names each item once, so consumption per item is one number. */
const checkMaterials = (materials: readonly Material[], where: string) => {
  const items = new Set(materials.map((m) => m.itemId));
  if (items.size !== materials.length)
    reject('duplicate-material', `Each item appears once in the ${where} bill of materials`);
};

const decide = (command: ModelCommand, state: ModelState): ModelEvent[] => {
  switch (command.type) {
    case 'CreateModel': {
      if (state.exists) return reject('model-exists', `Model ${command.modelId} already exists`, 409);
      const codes = new Set(command.options.map((o) => o.code));
      if (codes.size !== command.options.length)
        return reject('duplicate-option', 'Option codes must be unique');
      const options = command.options.map(completeOption);
      const materials = command.materials ?? [];
      checkMaterials(materials, 'model');
      for (const option of options) checkMaterials(option.materials, `${option.code} option's`);
      const data = {
        modelId: command.modelId,
        name: command.name,
        basePriceCents: command.basePriceCents,
        options,
        sizeSqFt: command.sizeSqFt ?? null,
        sleeps: command.sleeps ?? null,
        mount: command.mount ?? 'trailer',
        materials,
      };
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
      const option = completeOption(command.option);
      checkMaterials(option.materials, `${option.code} option's`);
      return [{ type: 'ModelOptionSet', data: { modelId: model.modelId, option } }];
    }
    case 'RemoveModelOption': {
      const model = activeModel(state);
      if (!model.options.some((o) => o.code === command.code))
        return reject('unknown-option', `Model ${model.name} has no option ${command.code}`, 404);
      return [{ type: 'ModelOptionRemoved', data: { modelId: model.modelId, code: command.code } }];
    }
    case 'ChangeModelSpecs': {
      const model = activeModel(state);
      const { type: _, ...changes } = command;
      // Only what actually changes is recorded, so the history reads as real edits.
      const changed = Object.fromEntries(
        Object.entries(changes).filter(
          ([key, value]) => value !== undefined && model[key as keyof typeof model] !== value,
        ),
      );
      if (Object.keys(changed).length === 0) return [];
      return [{ type: 'ModelSpecsChanged', data: { modelId: model.modelId, ...changed } }];
    }
    case 'SetModelMaterials': {
      const model = activeModel(state);
      checkMaterials(command.materials, 'model');
      return [{ type: 'ModelMaterialsSet', data: { modelId: model.modelId, materials: command.materials } }];
    }
    case 'RetireModel': {
      const model = activeModel(state);
      return [{ type: 'ModelRetired', data: { modelId: model.modelId } }];
    }
  }
};

const evolve = (state: ModelState, event: ModelEvent): ModelState => {
  if (event.type === 'ModelCreated') return { exists: true, ...event.data, retired: false };
  if (!state.exists) return state;
  switch (event.type) {
    case 'ModelRepriced':
      return { ...state, basePriceCents: event.data.basePriceCents };
    case 'ModelOptionSet': {
      const { option } = event.data;
      const others = state.options.filter((o) => o.code !== option.code);
      return { ...state, options: [...others, option] };
    }
    case 'ModelOptionRemoved':
      return { ...state, options: state.options.filter((o) => o.code !== event.data.code) };
    case 'ModelSpecsChanged': {
      const { modelId: _, ...changes } = event.data;
      const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
      return { ...state, ...defined };
    }
    case 'ModelMaterialsSet':
      return { ...state, materials: event.data.materials };
    case 'ModelRetired':
      return { ...state, retired: true };
  }
};

export const modelDecider: Decider<ModelCommand, ModelState, ModelEvent> = {
  initialState: { exists: false },
  decide,
  evolve,
};

/**
 * What one build of a model with the chosen options consumes: the model's bill plus each option's,
 * summed per item and sorted by item so the list is stable.
 */
export const billOfMaterials = (
  model: { materials: readonly Material[]; options: readonly CatalogOptionT[] },
  optionCodes: readonly string[],
): Material[] => {
  const totals = new Map<string, number>();
  const add = (materials: readonly Material[]) => {
    for (const m of materials) totals.set(m.itemId, (totals.get(m.itemId) ?? 0) + m.quantity);
  };
  add(model.materials);
  for (const option of model.options) if (optionCodes.includes(option.code)) add(option.materials);
  return [...totals]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([itemId, quantity]) => ({ itemId, quantity }));
};

/** What can be done to a model, named as the API's model commands. */
export const MODEL_ACTIONS = [
  'reprice',
  'set-option',
  'remove-option',
  'change-specs',
  'set-materials',
  'retire',
] as const;
export type ModelAction = (typeof MODEL_ACTIONS)[number];

const modelProbes: Probes<ModelCommand, ModelState, ModelAction> = {
  reprice: (state) =>
    state.exists ? { type: 'RepriceModel', basePriceCents: state.basePriceCents } : undefined,
  'set-option': () => ({ type: 'SetModelOption', option: { code: '~probe', name: 'Probe', priceCents: 0 } }),
  'remove-option': (state) =>
    state.exists
      ? state.options.map((o) => ({ type: 'RemoveModelOption' as const, code: o.code }))
      : undefined,
  'change-specs': () => ({ type: 'ChangeModelSpecs' }),
  'set-materials': () => ({ type: 'SetModelMaterials', materials: [] }),
  retire: () => ({ type: 'RetireModel' }),
};

/** The model commands its decider would accept now (before the caller's permissions are considered). */
export const availableModelActions = availableBy(modelDecider, MODEL_ACTIONS, modelProbes);
