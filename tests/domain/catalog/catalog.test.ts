import { describe, expect, it } from 'vitest';
import { billOfMaterials, type ModelCommand, modelDecider } from '../../../domain/catalog/models.ts';
import { upcast } from '../../../events/catalog.ts';
import type { Envelope } from '../../../events/envelope.ts';
import { replay, settled } from '../helpers.ts';

const create: ModelCommand = {
  type: 'CreateModel',
  modelId: 'glow',
  name: 'Glow 24',
  basePriceCents: 8_900_000,
  sizeSqFt: 204,
  sleeps: 4,
  mount: 'trailer',
  materials: [
    { itemId: 'chassis-24', quantity: 1 },
    { itemId: 'lumber', quantity: 10 },
  ],
  options: [
    {
      code: 'solar',
      name: 'Solar',
      priceCents: 850_000,
      kind: 'option',
      materials: [{ itemId: 'battery', quantity: 2 }],
    },
    { code: 'loft', name: 'Loft', priceCents: 420_000, materials: [{ itemId: 'lumber', quantity: 2 }] },
  ],
};

const envelope = (type: string, version: number, data: Record<string, unknown>): Envelope => ({
  id: '01J0000000000000000000000',
  type,
  version,
  streamId: 'model-old',
  streamVersion: 1,
  occurredAt: '2024-01-01T00:00:00.000Z',
  actor: { id: 'u', role: 'owner' },
  correlationId: 'c',
  causationId: 'c',
  data,
});

describe('catalog models', () => {
  it('records specs, a bill of materials and options that consume materials', () => {
    const model = settled(modelDecider, [create]);
    expect(model).toMatchObject({ sizeSqFt: 204, sleeps: 4, mount: 'trailer', retired: false });
    expect(model.exists && model.options.find((o) => o.code === 'loft')).toMatchObject({ kind: 'option' });
  });

  it('sums the bill of materials per item over the model and the chosen options', () => {
    const model = settled(modelDecider, [create]);
    if (!model.exists) throw new Error('no model');
    expect(billOfMaterials(model, ['loft', 'solar'])).toEqual([
      { itemId: 'battery', quantity: 2 },
      { itemId: 'chassis-24', quantity: 1 },
      { itemId: 'lumber', quantity: 12 },
    ]);
    expect(billOfMaterials(model, [])).toEqual([
      { itemId: 'chassis-24', quantity: 1 },
      { itemId: 'lumber', quantity: 10 },
    ]);
  });

  it('changes specs and materials, removes options, and records only real changes', () => {
    const { state, events, refused } = replay(modelDecider, [
      create,
      { type: 'ChangeModelSpecs', sleeps: 4, sizeSqFt: 212 },
      { type: 'SetModelMaterials', materials: [{ itemId: 'lumber', quantity: 9 }] },
      { type: 'RemoveModelOption', code: 'loft' },
      { type: 'RemoveModelOption', code: 'loft' },
      { type: 'ChangeModelSpecs', sizeSqFt: 212 },
    ]);
    expect(events.map((e) => e.type)).toEqual([
      'ModelCreated',
      'ModelSpecsChanged',
      'ModelMaterialsSet',
      'ModelOptionRemoved',
    ]);
    expect(events[1]).toEqual({ type: 'ModelSpecsChanged', data: { modelId: 'glow', sizeSqFt: 212 } });
    expect(refused).toEqual(['unknown-option']);
    expect(state).toMatchObject({ sizeSqFt: 212, materials: [{ itemId: 'lumber', quantity: 9 }] });
  });

  it('refuses an item twice in one bill of materials', () => {
    const { refused } = replay(modelDecider, [
      {
        ...create,
        materials: [
          { itemId: 'lumber', quantity: 1 },
          { itemId: 'lumber', quantity: 2 },
        ],
      } as ModelCommand,
    ]);
    expect(refused).toEqual(['duplicate-material']);
  });

  it('reads models stored before specs and materials were tracked (v1) in the current shape', () => {
    const created = upcast(
      envelope('ModelCreated', 1, {
        modelId: 'old',
        name: 'Nest 20',
        basePriceCents: 100,
        options: [{ code: 'solar', name: 'Solar', priceCents: 10 }],
      }),
    );
    const option = upcast(
      envelope('ModelOptionSet', 1, {
        modelId: 'old',
        option: { code: 'deck', name: 'Deck', priceCents: 5 },
      }),
    );
    expect(created.version).toBe(2);
    const state = [created, option].reduce(
      (s, e) => modelDecider.evolve(s, e as never),
      modelDecider.initialState,
    );
    expect(state).toMatchObject({
      sizeSqFt: null,
      sleeps: null,
      mount: 'trailer',
      materials: [],
      options: [
        { code: 'solar', kind: 'option', materials: [] },
        { code: 'deck', kind: 'option', materials: [] },
      ],
    });
  });
});
