import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { modelDecider } from '../../domain/catalog/models.ts';
import { customerDecider } from '../../domain/customers/customers.ts';
import { orderDecider } from '../../domain/sales/orders.ts';
import { type Actor, streamId } from '../../events/envelope.ts';
import { dynamo } from '../../functions/shared/clients.ts';
import { execute, load } from '../../functions/shared/command.ts';
import { config } from '../../functions/shared/config.ts';

const SEED_ACTOR: Actor = { id: 'seed', role: 'system', email: 'seed@firefly.example' };

export const isStoreEmpty = async (): Promise<boolean> => {
  const page = await dynamo().send(new ScanCommand({ TableName: config.eventsTable, Limit: 1 }));
  return (page.Items?.length ?? 0) === 0;
};

/** A small deterministic demo business, written through the real deciders and event store. */
export const seedDemo = async (progress: (message: string) => void = () => undefined) => {
  const meta = (at: string) => ({ actor: SEED_ACTOR, correlationId: `seed-${at}`, at: new Date(at) });
  const models = [
    {
      modelId: '01SEEDMODEL0000000000000001',
      name: 'Firefly Nest 20',
      basePriceCents: 6_950_000,
      options: [
        { code: 'solar', name: 'Solar package', priceCents: 850_000 },
        { code: 'loft', name: 'Sleeping loft', priceCents: 420_000 },
      ],
    },
    {
      modelId: '01SEEDMODEL0000000000000002',
      name: 'Firefly Glow 24',
      basePriceCents: 8_900_000,
      options: [
        { code: 'solar', name: 'Solar package', priceCents: 850_000 },
        { code: 'composting-toilet', name: 'Composting toilet', priceCents: 180_000 },
        { code: 'deck', name: 'Fold-down deck', priceCents: 390_000 },
      ],
    },
    {
      modelId: '01SEEDMODEL0000000000000003',
      name: 'Firefly Lantern 28',
      basePriceCents: 11_500_000,
      options: [
        { code: 'solar', name: 'Solar package', priceCents: 850_000 },
        { code: 'foundation', name: 'Permanent foundation kit', priceCents: 1_200_000 },
      ],
    },
  ];
  for (const model of models) {
    await execute(
      modelDecider,
      streamId('model', model.modelId),
      { type: 'CreateModel', ...model },
      meta('2026-01-05T09:00:00Z'),
    );
  }
  const customers = [
    'Ada Lovelace',
    'Grace Hopper',
    'Alan Turing',
    'Katherine Johnson',
    'Tim Berners-Lee',
  ].map((name, i) => ({
    customerId: `01SEEDCUSTOMER00000000000${i + 1}`,
    name,
    email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@example.com`,
    marketingConsent: i % 2 === 0,
  }));
  for (const [i, customer] of customers.entries()) {
    await execute(
      customerDecider,
      streamId('customer', customer.customerId),
      { type: 'RegisterCustomer', ...customer },
      meta(`2026-02-0${i + 1}T10:00:00Z`),
    );
  }
  progress(`Seeded ${models.length} models and ${customers.length} customers`);
  const stages = [
    ['PayDeposit'],
    ['PayDeposit', 'StartBuild'],
    ['PayDeposit', 'StartBuild', 'CompleteBuild'],
    ['PayDeposit', 'StartBuild', 'CompleteBuild', 'DeliverOrder'],
    [],
    ['CancelOrder'],
  ];
  for (const [i, steps] of stages.entries()) {
    const orderId = `01SEEDORDER000000000000000${i + 1}`;
    const customer = customers[i % customers.length]!;
    const model = models[i % models.length]!;
    const [c, m] = await Promise.all([
      load(customerDecider, streamId('customer', customer.customerId)),
      load(modelDecider, streamId('model', model.modelId)),
    ]);
    const placed = await execute(
      orderDecider,
      streamId('order', orderId),
      {
        type: 'PlaceOrder',
        orderId,
        customer: c.state,
        model: m.state,
        optionCodes: model.options.slice(0, 1).map((o) => o.code),
      },
      meta(`2026-03-${10 + i}T11:00:00Z`),
    );
    for (const [n, type] of steps.entries()) {
      const at = `2026-0${4 + n}-${10 + i}T11:00:00Z`;
      const command =
        type === 'PayDeposit'
          ? {
              type,
              amountCents:
                Math.round(((placed.state.exists ? placed.state.totalCents : 0) * 0.2) / 100) * 100,
            }
          : type === 'CancelOrder'
            ? { type, reason: 'Customer chose a different site' }
            : { type };
      await execute(
        orderDecider,
        streamId('order', orderId),
        command as Parameters<typeof orderDecider.decide>[0],
        meta(at),
      );
    }
  }
  progress(`Seeded ${stages.length} orders across every stage`);
};
