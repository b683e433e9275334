import { describe, expect, it } from 'vitest';
import { type ModelCommand, modelDecider } from '../../../domain/catalog/models.ts';

const create: ModelCommand = {
  type: 'CreateModel',
  modelId: 'm1',
  name: 'Nest',
  basePriceCents: 100,
  options: [{ code: 'solar', name: 'Solar', priceCents: 10 }],
};

describe('models', () => {
  it('creates, reprices, sets options and retires', () => {
    const events = [...modelDecider.decide(create, modelDecider.initialState)];
    let state = events.reduce(modelDecider.evolve, modelDecider.initialState);
    for (const command of [
      { type: 'RepriceModel', basePriceCents: 120 },
      { type: 'SetModelOption', option: { code: 'solar', name: 'Solar+', priceCents: 15 } },
      { type: 'SetModelOption', option: { code: 'loft', name: 'Loft', priceCents: 30 } },
    ] satisfies ModelCommand[]) {
      state = modelDecider.decide(command, state).reduce(modelDecider.evolve, state);
    }
    expect(state).toMatchObject({ basePriceCents: 120, retired: false });
    expect(state.exists && state.options).toEqual([
      { code: 'solar', name: 'Solar+', priceCents: 15, kind: 'option', materials: [] },
      { code: 'loft', name: 'Loft', priceCents: 30, kind: 'option', materials: [] },
    ]);
    state = modelDecider.decide({ type: 'RetireModel' }, state).reduce(modelDecider.evolve, state);
    expect(() => modelDecider.decide({ type: 'RepriceModel', basePriceCents: 1 }, state)).toThrow(/retired/);
  });

  it('records nothing when the price does not change', () => {
    const state = modelDecider
      .decide(create, modelDecider.initialState)
      .reduce(modelDecider.evolve, modelDecider.initialState);
    expect(modelDecider.decide({ type: 'RepriceModel', basePriceCents: 100 }, state)).toEqual([]);
  });

  it('refuses duplicate option codes and a second creation', () => {
    expect(() =>
      modelDecider.decide(
        {
          ...create,
          options: [
            ...(create as Extract<ModelCommand, { type: 'CreateModel' }>).options,
            { code: 'solar', name: 'x', priceCents: 1 },
          ],
        } as ModelCommand,
        modelDecider.initialState,
      ),
    ).toThrow(/unique/);
    const state = modelDecider
      .decide(create, modelDecider.initialState)
      .reduce(modelDecider.evolve, modelDecider.initialState);
    expect(() => modelDecider.decide(create, state)).toThrow(/already exists/);
  });
});
