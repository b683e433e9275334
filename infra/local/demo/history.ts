import { monotonicFactory } from 'ulid';
import { modelDecider } from '../../../domain/catalog/models.ts';
import {
  type DisqualifyReason,
  type LeadChannel,
  leadDecider,
  type Timeline,
} from '../../../domain/customers/leads.ts';
import { shipmentDecider } from '../../../domain/delivery/shipments.ts';
import { type ItemState, itemDecider, reservedAhead } from '../../../domain/inventory/items.ts';
import { campaignDecider } from '../../../domain/marketing/campaigns.ts';
import { type BuildStage, buildDecider, type DelayReason } from '../../../domain/production/builds.ts';
import { outstandingOf, purchaseOrderDecider } from '../../../domain/purchasing/purchase-orders.ts';
import { supplierDecider } from '../../../domain/purchasing/suppliers.ts';
import { balanceOf, orderDecider, type PaymentMethod } from '../../../domain/sales/orders.ts';
import { quoteDecider } from '../../../domain/sales/quotes.ts';
import { addDays, type Day, dayOf, daysBetween, toDate } from '../../../domain/shared/days.ts';
import { DomainError } from '../../../domain/shared/decider.ts';
import type { Actor } from '../../../events/envelope.ts';
import { MemoryEventStore } from '../../../functions/adapters/memory-event-store.ts';
import { aggregates } from '../../../functions/application/aggregates.ts';
import { Store } from '../../../functions/application/command-store.ts';
import * as flows from '../../../functions/application/cross-aggregate.ts';
import type { CommitMeta, StoredCommit } from '../../../functions/application/event-store-port.ts';
import { createRandom, type Random } from './random.ts';
import {
  ACTORS,
  CARRIERS,
  CHANNELS,
  DESTINATIONS,
  FIRST_NAMES,
  GROWTH_PER_YEAR,
  ITEMS,
  LAST_NAMES,
  LATER_OPTIONS,
  MODELS,
  type ModelSeed,
  OPTION_TAKE_RATES,
  SEASON,
  SUPPLIERS,
} from './reference.ts';

/**
 * The demo history: three years of Firefly Tiny Homes, simulated day by day and written through the real
 * application commands and deciders. Leads arrive with spring peaks and winter troughs and grow year on year; they
 * are contacted, qualified (more often for referrals than for paid social), converted and quoted; quotes
 * are discounted (large discounts wait for the owner), accepted, declined or left to expire; orders pay
 * deposits (some fail), get build slots, consume stock, slip for weather, labour, inspections and
 * stock-outs, are paid off, shipped and sometimes damaged in transit; purchasing reorders below the
 * reorder point from suppliers that are sometimes late; marketing runs quarterly, show and referral
 * campaigns. Everything depends only on the seed and the end date.
 */
export interface HistoryOptions {
  seed?: number | string;
  /** The last instant of the history; defaults to now. */
  end?: Date;
  years?: number;
  /** 1 gives ~10,000 leads and ~1,500 orders over three years; tests use a small fraction. */
  scale?: number;
  onProgress?: (message: string) => void;
  /** Sees every commit as it is made; the simulation then also pauses now and then so I/O can proceed. */
  onCommit?: (commit: StoredCommit) => void;
}

export interface HistoryStats {
  commits: number;
  events: number;
  streams: number;
  leads: number;
  customers: number;
  quotes: number;
  orders: number;
  cancelled: number;
  delivered: number;
  builds: number;
  lateBuilds: number;
  stockOuts: number;
  purchaseOrders: number;
  campaigns: number;
  /** Commands the rules refused, by problem code: the generator's own mistakes, expected to stay at zero. */
  refused: Record<string, number>;
}

export interface History {
  commits: StoredCommit[];
  stats: HistoryStats;
  start: Date;
  end: Date;
}

interface Task {
  time: number;
  seq: number;
  actor: Actor;
  run: () => Promise<void>;
}

/** A binary min-heap on (time, seq): the simulation's agenda. */
class Agenda {
  private readonly heap: Task[] = [];
  private seq = 0;

  get size() {
    return this.heap.length;
  }

  push(task: Omit<Task, 'seq'>) {
    const heap = this.heap;
    heap.push({ ...task, seq: this.seq++ });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  pop(): Task | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let smallest = i;
        if (l < heap.length && this.less(heap[l]!, heap[smallest]!)) smallest = l;
        if (r < heap.length && this.less(heap[r]!, heap[smallest]!)) smallest = r;
        if (smallest === i) break;
        [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
        i = smallest;
      }
    }
    return top;
  }

  private less(a: Task, b: Task) {
    return a.time < b.time || (a.time === b.time && a.seq < b.seq);
  }
}

const HOUR = 3_600_000;
const dollars = (cents: number, step = 100) => Math.round(cents / (step * 100)) * step * 100;

const PAYMENT_METHODS: Record<PaymentMethod, number> = {
  card: 0.25,
  ach: 0.35,
  wire: 0.25,
  financing: 0.12,
  check: 0.03,
  other: 0,
};

class Simulation {
  /** The history's event store, in memory: the same port the platform writes through. */
  readonly events: MemoryEventStore;
  /**
   * The application's Store over it: the real deciders and cross-aggregate commands, with states cached
   * (this store is the only writer) and the acting user, time and correlation set per task.
   */
  readonly store: Store;
  private readonly eventIds: (time: number) => string;
  readonly stats: HistoryStats;
  private readonly agenda = new Agenda();
  private readonly start: Day;
  private readonly endTime: number;
  private readonly days: number;
  private readonly scale: number;
  private readonly leadsPerDay: number;
  private readonly r: Record<
    'leads' | 'sales' | 'production' | 'delivery' | 'purchasing' | 'marketing' | 'catalog',
    Random
  >;
  private readonly newId: (time: number) => string;
  private now = 0;
  private correlation = 0;
  /** Facts the simulation remembers about records beyond their state: whose they are, where they live. */
  private readonly repOf = new Map<string, Actor>();
  private readonly cityOf = new Map<string, string>();
  private readonly requoted = new Set<string>();
  private readonly openPurchaseOrders = new Set<string>();
  private readonly weekLoad = new Map<number, number>();
  private readonly campaigns = new Map<LeadChannel, string>();
  private readonly customerNames: string[] = [];
  private bays = 0;

  constructor(private readonly options: HistoryOptions) {
    const root = createRandom(options.seed ?? 'firefly');
    this.events = new MemoryEventStore({ onCommit: options.onCommit });
    this.eventIds = monotonicFactory(root.fork('event-ids').next);
    this.store = new Store(this.events, this.metaOf(ACTORS.owner, new Date(0), 'demo'), { cache: true });
    this.newId = monotonicFactory(root.fork('record-ids').next);
    this.r = {
      leads: root.fork('leads'),
      sales: root.fork('sales'),
      production: root.fork('production'),
      delivery: root.fork('delivery'),
      purchasing: root.fork('purchasing'),
      marketing: root.fork('marketing'),
      catalog: root.fork('catalog'),
    };
    const end = options.end ?? new Date();
    this.endTime = end.getTime();
    const years = options.years ?? 3;
    this.start = addDays(dayOf(end), -Math.round(years * 365.25));
    this.days = daysBetween(this.start, dayOf(end)) + 1;
    this.scale = options.scale ?? 1;
    // Shows bring their own leads; the daily channels bring the rest of ~10,000 at full scale.
    const curve = Array.from({ length: this.days }, (_, d) => this.demand(addDays(this.start, d)));
    const daily = 10_000 * this.scale * (1 - CHANNELS.show.share);
    this.leadsPerDay = daily / curve.reduce((a, b) => a + b, 0);
    this.stats = {
      commits: 0,
      events: 0,
      streams: 0,
      leads: 0,
      customers: 0,
      quotes: 0,
      orders: 0,
      cancelled: 0,
      delivered: 0,
      builds: 0,
      lateBuilds: 0,
      stockOuts: 0,
      purchaseOrders: 0,
      campaigns: 0,
      refused: {},
    };
  }

  /** Who acts, when, and under which correlation id; event ids come from the seeded source. */
  private metaOf(actor: Actor, at: Date, correlationId: string): CommitMeta {
    return { actor, at, correlationId, newId: this.eventIds };
  }

  // ---- time -------------------------------------------------------------------------------------

  private yearsIn(day: Day) {
    return daysBetween(this.start, day) / 365.25;
  }

  /** Relative demand on a day: growth, season and weekday. */
  private demand(day: Day) {
    const date = toDate(day);
    const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
    return GROWTH_PER_YEAR ** this.yearsIn(day) * SEASON[date.getUTCMonth()]! * (weekend ? 0.6 : 1.1);
  }

  private get today(): Day {
    return dayOf(new Date(this.now));
  }

  /** A moment during business hours (8am-5pm Pacific) on a day. */
  private during(day: Day, random: Random) {
    return toDate(day).getTime() + 15 * HOUR + random.int(0, 9 * 60 - 1) * 60_000 + random.int(0, 59) * 1000;
  }

  private at(day: Day, actor: Actor, random: Random, run: () => Promise<void>) {
    this.schedule(this.during(day, random), actor, run);
  }

  private after(days: number, actor: Actor, random: Random, run: () => Promise<void>) {
    this.at(addDays(this.today, days), actor, random, run);
  }

  private schedule(time: number, actor: Actor, run: () => Promise<void>) {
    // Never in the past of the task scheduling it, never beyond the end of the history.
    const when = Math.max(time, this.now);
    if (when <= this.endTime) this.agenda.push({ time: when, actor, run });
  }

  private monthDay(months: number): Day {
    const d = toDate(this.start);
    d.setUTCMonth(d.getUTCMonth() + months);
    return dayOf(d);
  }

  // ---- the run ----------------------------------------------------------------------------------

  async run() {
    const progress = this.options.onProgress ?? (() => undefined);
    this.schedule(toDate(this.start).getTime() + 14 * HOUR, ACTORS.owner, () => this.openBusiness());
    for (let d = 0; d < this.days; d++) {
      const day = addDays(this.start, d);
      this.schedule(toDate(day).getTime() + 6 * HOUR, ACTORS.operations, () => this.dayStarts(day));
    }
    let lastMonth = '';
    let tasks = 0;
    for (let task = this.agenda.pop(); task; task = this.agenda.pop()) {
      // Give a concurrent importer's network callbacks a turn; the simulation itself never waits on I/O.
      if (this.options.onCommit && ++tasks % 250 === 0) await new Promise((resolve) => setImmediate(resolve));
      this.now = task.time;
      this.store.as(
        this.metaOf(task.actor, new Date(task.time), `demo-${(++this.correlation).toString(36)}`),
      );
      try {
        await task.run();
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        this.stats.refused[error.code] = (this.stats.refused[error.code] ?? 0) + 1;
      }
      const month = this.today.slice(0, 7);
      if (month !== lastMonth && month.endsWith('-01'))
        progress(`Simulated ${month.slice(0, 4)}: ${this.events.commits.length} commits so far`);
      lastMonth = month;
    }
    Object.assign(this.stats, {
      commits: this.events.commits.length,
      events: this.events.eventCount,
      streams: this.events.streamCount,
    });
  }

  private id() {
    return this.newId(this.now);
  }

  // ---- the business opens -----------------------------------------------------------------------

  private async openBusiness() {
    for (const supplier of SUPPLIERS) {
      await this.store.run(supplierDecider, aggregates.supplier.stream(supplier.supplierId), {
        type: 'RegisterSupplier',
        ...supplier,
      });
    }
    for (const item of ITEMS) {
      const supplier = SUPPLIERS.find((s) => s.supplierId === item.supplierId)!;
      await this.store.run(itemDecider, aggregates.item.stream(item.itemId), {
        type: 'RegisterItem',
        ...item,
        sku: item.itemId.toUpperCase(),
        leadTimeDays: supplier.leadTimeDays,
      });
      // The opening count: what was in the yard when the records begin.
      await this.store.run(itemDecider, aggregates.item.stream(item.itemId), {
        type: 'AdjustStock',
        delta: Math.max(
          1,
          Math.round((item.reorderPoint + item.reorderQuantity) * Math.min(1, 0.4 + this.scale)),
        ),
        reason: 'count',
        note: 'Opening stock count',
      });
    }
    for (const model of MODELS.filter((m) => m.launchMonth === 0)) await this.createModel(model);
    await this.tuneReorderPolicies();
    this.launchQuarterCampaigns(this.today);
    this.launchYearCampaigns(this.today);
    this.planCatalogChanges();
    this.planShows();
  }

  private async createModel(model: ModelSeed) {
    const { weight: _w, launchMonth: _l, retireMonth: _r, ...seed } = model;
    const options = [
      ...seed.options,
      ...LATER_OPTIONS.filter((o) => o.month <= model.launchMonth).map((o) => o.option),
    ];
    await this.store.run(modelDecider, aggregates.model.stream(model.modelId), {
      type: 'CreateModel',
      ...seed,
      options,
    });
  }

  private onSale(): ModelSeed[] {
    return MODELS.filter((m) => {
      const state = this.store.peek(modelDecider, aggregates.model.stream(m.modelId));
      return state.exists && !state.retired;
    });
  }

  private pickModel(random: Random): ModelSeed {
    const models = this.onSale();
    const chosen = random.weighted(Object.fromEntries(models.map((m) => [m.modelId, m.weight])));
    return models.find((m) => m.modelId === chosen)!;
  }

  // ---- catalog over time ------------------------------------------------------------------------

  private planCatalogChanges() {
    const random = this.r.catalog;
    for (const later of LATER_OPTIONS) {
      this.at(this.monthDay(later.month), ACTORS.owner, random, async () => {
        for (const model of this.onSale())
          await this.store.run(modelDecider, aggregates.model.stream(model.modelId), {
            type: 'SetModelOption',
            option: later.option,
          });
      });
    }
    for (const model of MODELS) {
      if (model.launchMonth > 0)
        this.at(this.monthDay(model.launchMonth), ACTORS.owner, random, () => this.createModel(model));
      if (model.retireMonth)
        this.at(this.monthDay(model.retireMonth), ACTORS.owner, random, async () => {
          await this.store.run(modelDecider, aggregates.model.stream(model.modelId), { type: 'RetireModel' });
        });
    }
    this.at(this.monthDay(20), ACTORS.owner, random, async () => {
      await this.store.run(modelDecider, aggregates.model.stream('glow-24'), {
        type: 'ChangeModelSpecs',
        sleeps: 5,
        sizeSqFt: 212,
      });
      await this.store.run(modelDecider, aggregates.model.stream('nest-20'), {
        type: 'SetModelMaterials',
        materials: MODELS.find((m) => m.modelId === 'nest-20')!.materials.map((m) =>
          m.itemId === 'lumber' ? { ...m, quantity: m.quantity - 1 } : m,
        ),
      });
    });
    // Prices rise every January (list prices) and supplier costs every February and August.
    const startYear = toDate(this.start).getUTCFullYear();
    for (let year = startYear + 1; year <= startYear + 4; year++) {
      this.at(`${year}-01-06`, ACTORS.owner, random, async () => {
        for (const model of this.onSale()) {
          const state = this.store.peek(modelDecider, aggregates.model.stream(model.modelId));
          if (!state.exists) continue;
          const price = dollars(state.basePriceCents * (1 + random.int(30, 65) / 1000), 500);
          await this.store.run(modelDecider, aggregates.model.stream(model.modelId), {
            type: 'RepriceModel',
            basePriceCents: price,
          });
          const solar = state.options.find((o) => o.code === 'solar');
          if (solar)
            await this.store.run(modelDecider, aggregates.model.stream(model.modelId), {
              type: 'SetModelOption',
              option: { ...solar, priceCents: solar.priceCents + 30_000 },
            });
        }
      });
      for (const month of ['02', '08']) {
        this.at(
          `${year - (month === '08' ? 1 : 0)}-${month}-02`,
          ACTORS.operations,
          this.r.purchasing,
          async () => {
            for (const item of ITEMS) {
              if (!this.r.purchasing.chance(0.5)) continue;
              const state = this.store.peek(itemDecider, aggregates.item.stream(item.itemId));
              if (!state.exists) continue;
              const cost = Math.round(state.unitCostCents * (1 + this.r.purchasing.int(15, 70) / 1000));
              await this.store.run(itemDecider, aggregates.item.stream(item.itemId), {
                type: 'ChangeItemCost',
                unitCostCents: cost,
              });
            }
          },
        );
      }
    }
    this.at(this.monthDay(18), ACTORS.operations, this.r.purchasing, async () => {
      await this.store.run(supplierDecider, aggregates.supplier.stream('northwind-windows'), {
        type: 'ChangeSupplierDetails',
        leadTimeDays: 32,
      });
    });
  }

  // ---- a day ------------------------------------------------------------------------------------

  private async dayStarts(day: Day) {
    const date = toDate(day);
    const random = this.r.leads;
    const count = random.poisson(this.leadsPerDay * this.demand(day));
    for (let i = 0; i < count; i++) {
      const channel = random.weighted({
        web_form: CHANNELS.web_form.share,
        search: CHANNELS.search.share,
        paid_social: CHANNELS.paid_social.share,
        referral: CHANNELS.referral.share,
      }) as LeadChannel;
      const actor = channel === 'referral' ? random.pick(ACTORS.sales) : ACTORS.webForm;
      this.at(day, actor, random, () => this.captureLead(channel));
    }
    if (date.getUTCDay() === 1) {
      this.at(day, ACTORS.operations, this.r.purchasing, () => this.reviewStock());
      this.at(day, ACTORS.marketing, this.r.marketing, () => this.weeklySpend());
    }
    if (date.getUTCDate() === 1) {
      this.at(day, ACTORS.operations, this.r.purchasing, () => this.cycleCount());
      this.at(day, ACTORS.marketing, this.r.marketing, () => this.monthlySpend());
      const month = date.getUTCMonth();
      if (month % 3 === 0) {
        this.launchQuarterCampaigns(day);
        this.at(day, ACTORS.operations, this.r.purchasing, () => this.tuneReorderPolicies());
      }
      if (month === 0) this.launchYearCampaigns(day);
    }
  }

  // ---- marketing --------------------------------------------------------------------------------

  private growth(day: Day) {
    return GROWTH_PER_YEAR ** this.yearsIn(day);
  }

  private launch(day: Day, channel: LeadChannel, name: string, budgetCents: number, endsOn: Day) {
    this.at(day, ACTORS.marketing, this.r.marketing, async () => {
      const previous = this.campaigns.get(channel);
      if (previous) {
        const state = this.store.peek(campaignDecider, aggregates.campaign.stream(previous));
        if (state.exists && state.status === 'active')
          await this.store.run(campaignDecider, aggregates.campaign.stream(previous), {
            type: 'EndCampaign',
            on: this.today,
          });
      }
      const campaignId = this.id();
      await this.store.run(campaignDecider, aggregates.campaign.stream(campaignId), {
        type: 'LaunchCampaign',
        campaignId,
        name,
        channel,
        budgetCents: dollars(budgetCents, 500),
        startsOn: this.today,
        endsOn,
      });
      this.campaigns.set(channel, campaignId);
      this.stats.campaigns += 1;
    });
  }

  private launchQuarterCampaigns(day: Day) {
    const date = toDate(day);
    const quarter = Math.floor(date.getUTCMonth() / 3);
    const label = `Q${quarter + 1} ${date.getUTCFullYear()}`;
    const end = dayOf(new Date(Date.UTC(date.getUTCFullYear(), quarter * 3 + 3, 0)));
    const g = this.growth(day) * this.scale;
    this.launch(day, 'paid_social', `Paid social ${label}`, 1_600_000 * g, end);
    this.launch(day, 'search', `Search ads ${label}`, 1_300_000 * g, end);
  }

  private launchYearCampaigns(day: Day) {
    const year = toDate(day).getUTCFullYear();
    const g = this.growth(day) * this.scale;
    this.launch(day, 'web_form', `Website & newsletter ${year}`, 2_400_000 * g, `${year}-12-31`);
    this.launch(day, 'referral', `Referral rewards ${year}`, 3_000_000 * g, `${year}-12-31`);
  }

  /** Home shows: two each spring and autumn. Booth fee up front, travel at the show, leads on the stand. */
  private planShows() {
    const startYear = toDate(this.start).getUTCFullYear();
    const shows = [
      ['03-14', 'Spring Home & Garden Show'],
      ['04-18', 'Tiny House Festival'],
      ['09-12', 'Fall Home Show'],
      ['10-10', 'Off-Grid Living Expo'],
    ];
    for (let year = startYear; year <= startYear + 4; year++) {
      for (const [date, name] of shows) {
        const showDay = `${year}-${date}`;
        if (showDay < addDays(this.start, 30)) continue;
        const g = this.growth(showDay) * this.scale;
        const launchDay = addDays(showDay, -30);
        const budget = dollars(1_800_000 * g, 500);
        this.at(launchDay, ACTORS.marketing, this.r.marketing, async () => {
          const campaignId = this.id();
          await this.store.run(campaignDecider, aggregates.campaign.stream(campaignId), {
            type: 'LaunchCampaign',
            campaignId,
            name: `${name} ${year}`,
            channel: 'show',
            budgetCents: budget,
            startsOn: this.today,
            endsOn: addDays(showDay, 3),
          });
          this.stats.campaigns += 1;
          await this.spend(campaignId, Math.round(budget * 0.45), 'Booth and registration');
          this.at(showDay, ACTORS.marketing, this.r.marketing, () =>
            this.spend(
              campaignId,
              Math.round((budget * this.r.marketing.int(40, 52)) / 100),
              'Travel, staffing and print',
            ),
          );
          const leads = Math.round(Math.max(1, this.r.leads.normal(95 * g, 12 * g)));
          for (let i = 0; i < leads; i++) {
            this.at(
              addDays(showDay, this.r.leads.int(0, 2)),
              this.r.leads.pick(ACTORS.sales),
              this.r.leads,
              () => this.captureLead('show', campaignId),
            );
          }
          this.at(addDays(showDay, 4), ACTORS.marketing, this.r.marketing, async () => {
            await this.store.run(campaignDecider, aggregates.campaign.stream(campaignId), {
              type: 'EndCampaign',
              on: this.today,
            });
          });
        });
      }
    }
  }

  /** Records spend up to what is left of the budget (marketing never overspends a campaign). */
  private async spend(campaignId: string, amountCents: number, note: string) {
    const state = this.store.peek(campaignDecider, aggregates.campaign.stream(campaignId));
    if (!state.exists || state.status !== 'active') return;
    const amount = Math.min(amountCents, state.budgetCents - state.spentCents);
    if (amount <= 0) return;
    await this.store.run(campaignDecider, aggregates.campaign.stream(campaignId), {
      type: 'RecordCampaignSpend',
      amountCents: amount,
      on: this.today,
      note,
    });
  }

  private async weeklySpend() {
    for (const channel of ['paid_social', 'search'] as const) {
      const campaignId = this.campaigns.get(channel);
      if (!campaignId) continue;
      const state = this.store.peek(campaignDecider, aggregates.campaign.stream(campaignId));
      if (!state.exists) continue;
      const weekly = (state.budgetCents / 13) * (0.85 + this.r.marketing.next() * 0.3);
      await this.spend(campaignId, Math.round(weekly), channel === 'search' ? 'Search ads' : 'Social ads');
    }
  }

  private async monthlySpend() {
    const campaignId = this.campaigns.get('web_form');
    if (!campaignId) return;
    const state = this.store.peek(campaignDecider, aggregates.campaign.stream(campaignId));
    if (!state.exists) return;
    await this.spend(
      campaignId,
      Math.round((state.budgetCents / 12) * (0.8 + this.r.marketing.next() * 0.4)),
      'Content and newsletter',
    );
  }

  /** Referral rewards are paid when a referred lead buys; the budget is topped up rather than refused. */
  private async payReferralReward() {
    const campaignId = this.campaigns.get('referral');
    if (!campaignId) return;
    const stream = aggregates.campaign.stream(campaignId);
    const state = this.store.peek(campaignDecider, stream);
    if (!state.exists || state.status !== 'active') return;
    const reward = 75_000;
    if (state.spentCents + reward > state.budgetCents)
      await this.store.run(campaignDecider, stream, {
        type: 'ChangeCampaignBudget',
        budgetCents: state.budgetCents + 1_500_000,
      });
    await this.spend(campaignId, reward, 'Referral reward');
  }

  // ---- leads ------------------------------------------------------------------------------------

  private async captureLead(channel: LeadChannel, campaignId?: string) {
    const random = this.r.leads;
    const leadId = this.id();
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const attributed = campaignId ?? (channel === 'show' ? undefined : this.campaigns.get(channel));
    const referrer =
      channel === 'referral' && this.customerNames.length > 0 ? random.pick(this.customerNames) : undefined;
    const interest = random.chance(0.6) ? this.pickModel(random).modelId : undefined;
    await this.store.run(leadDecider, aggregates.lead.stream(leadId), {
      type: 'CaptureLead',
      leadId,
      name: `${first} ${last}`,
      email:
        `${first}.${last}${random.int(1, 999)}@${random.pick(['example.com', 'example.net', 'example.org'])}`.toLowerCase(),
      phone: random.chance(0.7)
        ? `+1 ${random.pick(['503', '541', '206', '360', '208', '406', '916', '775'])} 555 ${String(random.int(0, 9999)).padStart(4, '0')}`
        : undefined,
      channel,
      campaignId: attributed,
      interestModelId: interest,
      marketingConsent: random.chance(channel === 'show' ? 0.7 : 0.5),
      note: referrer ? `Referred by ${referrer}` : undefined,
      on: this.today,
    });
    this.stats.leads += 1;
    const rep = random.pick(ACTORS.sales);
    this.repOf.set(leadId, rep);
    if (random.chance(0.86)) this.after(random.int(0, 3), rep, random, () => this.contactLead(leadId, 1));
    else
      this.after(random.int(21, 45), rep, random, () =>
        this.disqualify(leadId, 'unresponsive', 'No answer to calls or emails'),
      );
  }

  /**
   * A call or email. The last one before a decision carries it: a lead that will not buy is closed in
   * the same step, one that will is qualified a few days later.
   */
  private async contactLead(leadId: string, attempt: number) {
    const random = this.r.leads;
    const lead = this.store.peek(leadDecider, aggregates.lead.stream(leadId));
    if (!lead.exists) return;
    const method = random.weighted({ phone: 0.5, email: 0.35, sms: 0.1, meeting: 0.05 });
    const summary =
      attempt === 1
        ? random.pick([
            'Intro call: sent brochure and price list',
            'Answered questions about financing',
            'Discussed land and zoning',
            'Booked a yard tour',
          ])
        : random.pick([
            'Follow-up after yard tour',
            'Sent floor plans and option pricing',
            'Checked in on permit progress',
          ]);
    const rep = this.repOf.get(leadId) ?? ACTORS.sales[0]!;
    const last = attempt > 1 || !random.chance(0.12);
    const qualifies = last && random.chance(CHANNELS[lead.channel].qualifies);
    const disqualify =
      last && !qualifies
        ? random.weighted({
            no_budget: 0.3,
            no_land: 0.22,
            zoning: 0.14,
            not_interested: 0.2,
            bought_elsewhere: 0.08,
            duplicate: 0.06,
          })
        : undefined;
    const qualify = qualifies
      ? {
          timeline: random.weighted({
            now: 0.25,
            '3_months': 0.4,
            '6_months': 0.22,
            '12_months': 0.1,
            later: 0.03,
          }) as Timeline,
          budgetCents: dollars(random.int(55, 160) * 1_000 * 100, 5000),
        }
      : undefined;
    await this.store.run(leadDecider, aggregates.lead.stream(leadId), {
      type: 'LogLeadContact',
      method,
      summary,
      on: this.today,
      disqualify,
      qualify,
    });
    if (!last) this.after(random.int(2, 7), rep, random, () => this.contactLead(leadId, attempt + 1));
    else if (qualifies) this.decideToBuy(leadId);
  }

  private async disqualify(leadId: string, reason: DisqualifyReason, note?: string) {
    await this.store.run(leadDecider, aggregates.lead.stream(leadId), {
      type: 'DisqualifyLead',
      reason,
      note,
      on: this.today,
    });
  }

  /** A qualified lead buys (becomes a customer and gets a quote) or drifts away. */
  private decideToBuy(leadId: string) {
    const random = this.r.leads;
    const rep = this.repOf.get(leadId) ?? ACTORS.sales[0]!;
    if (random.chance(0.7)) this.after(random.int(3, 20), rep, random, () => this.convert(leadId));
    else
      this.after(random.int(10, 40), rep, random, () =>
        this.disqualify(leadId, random.pick(['bought_elsewhere', 'not_interested', 'no_land'] as const)),
      );
  }

  private async convert(leadId: string) {
    const customerId = this.id();
    const { customer } = await flows.convertLead(this.store, { leadId, customerId, on: this.today });
    if (!customer.state.exists) return;
    this.stats.customers += 1;
    this.customerNames.push(customer.state.name);
    if (this.customerNames.length > 400) this.customerNames.shift();
    const rep = this.repOf.get(leadId) ?? ACTORS.sales[0]!;
    this.repOf.set(customerId, rep);
    this.cityOf.set(customerId, this.r.delivery.pick(DESTINATIONS));
    const lead = this.store.peek(leadDecider, aggregates.lead.stream(leadId));
    if (lead.exists && lead.channel === 'referral') await this.payReferralReward();
    await this.draftQuote(customerId, lead.exists ? lead.interestModelId : undefined);
  }

  // ---- quotes -----------------------------------------------------------------------------------

  private async draftQuote(customerId: string, interestModelId?: string) {
    const random = this.r.sales;
    const onSale = this.onSale();
    const model = onSale.find((m) => m.modelId === interestModelId) ?? this.pickModel(random);
    const state = this.store.peek(modelDecider, aggregates.model.stream(model.modelId));
    if (!state.exists) return;
    const optionCodes = state.options
      .filter((o) => random.chance(OPTION_TAKE_RATES[o.code] ?? 0.2))
      .map((o) => o.code);
    const fees = [
      {
        code: 'delivery',
        description: 'Delivery and setup',
        priceCents: dollars(random.int(1200, 4800) * 100, 50),
      },
    ];
    if (state.mount === 'foundation' && random.chance(0.5))
      fees.push({ code: 'permit-assist', description: 'Permit assistance', priceCents: 65_000 });
    const quoteId = this.id();
    await flows.draftQuote(this.store, {
      quoteId,
      customerId,
      modelId: model.modelId,
      optionCodes,
      fees,
      on: this.today,
    });
    this.stats.quotes += 1;
    const rep = this.repOf.get(customerId) ?? ACTORS.sales[0]!;
    this.repOf.set(quoteId, rep);
    const requote = this.requoted.has(customerId);
    if (random.chance(requote ? 0.6 : 0.27)) {
      const quote = this.store.peek(quoteDecider, aggregates.quote.stream(quoteId));
      if (!quote.exists) return;
      const rate = random.chance(0.68) ? random.int(10, 50) / 1000 : random.int(55, 120) / 1000;
      const discount = dollars(quote.subtotalCents * rate, 50);
      const applied = await this.store.run(quoteDecider, aggregates.quote.stream(quoteId), {
        type: 'ApplyDiscount',
        discountCents: discount,
        reason: random.pick([
          'Show special',
          'Returning referral',
          'Spring promotion',
          'Price match',
          'Floor model swap',
          'Loyalty',
        ]),
        by: rep.id,
      });
      if (applied.state.exists && applied.state.discountStatus === 'pending') {
        this.after(random.int(0, 2), ACTORS.owner, random, async () => {
          await this.store.run(quoteDecider, aggregates.quote.stream(quoteId), {
            type: 'ApproveDiscount',
            by: ACTORS.owner.id,
          });
          this.after(random.int(0, 1), rep, random, () => this.sendQuote(quoteId, customerId));
        });
        return;
      }
    }
    this.after(random.int(0, 2), rep, random, () => this.sendQuote(quoteId, customerId));
  }

  private async sendQuote(quoteId: string, customerId: string) {
    const random = this.r.sales;
    const sent = await this.store.run(quoteDecider, aggregates.quote.stream(quoteId), {
      type: 'SendQuote',
      on: this.today,
    });
    if (!sent.state.exists) return;
    const rep = this.repOf.get(quoteId) ?? ACTORS.sales[0]!;
    const roll = random.next();
    if (roll < 0.7) this.after(random.int(2, 24), rep, random, () => this.acceptQuote(quoteId));
    else if (roll < 0.84)
      this.after(random.int(3, 20), rep, random, async () => {
        await this.store.run(quoteDecider, aggregates.quote.stream(quoteId), {
          type: 'DeclineQuote',
          reason: random.pick([
            'Over budget',
            'Chose another builder',
            'Land fell through',
            'Postponed the project',
          ]),
          on: this.today,
        });
        this.maybeRequote(customerId);
      });
    else
      this.at(addDays(sent.state.expiresOn, 1), ACTORS.sales[0]!, random, async () => {
        await this.store.run(quoteDecider, aggregates.quote.stream(quoteId), {
          type: 'ExpireQuote',
          on: this.today,
        });
        this.maybeRequote(customerId);
      });
  }

  private maybeRequote(customerId: string) {
    const random = this.r.sales;
    if (this.requoted.has(customerId) || !random.chance(0.35)) return;
    this.requoted.add(customerId);
    this.after(random.int(5, 20), this.repOf.get(customerId) ?? ACTORS.sales[0]!, random, () =>
      this.draftQuote(customerId),
    );
  }

  private async acceptQuote(quoteId: string) {
    const random = this.r.sales;
    const orderId = this.id();
    const { order } = await flows.acceptQuote(this.store, { quoteId, orderId, on: this.today });
    if (!order.state.exists) return;
    this.stats.orders += 1;
    const quote = this.store.peek(quoteDecider, aggregates.quote.stream(quoteId));
    if (quote.exists) this.repOf.set(orderId, this.repOf.get(quoteId) ?? ACTORS.sales[0]!);
    this.cityOf.set(orderId, this.cityOf.get(order.state.customerId) ?? random.pick(DESTINATIONS));
    this.after(random.int(0, 6), ACTORS.payments, random, () => this.payDeposit(orderId, 1));
  }

  // ---- payments ---------------------------------------------------------------------------------

  private order(orderId: string) {
    return this.store.peek(orderDecider, aggregates.order.stream(orderId));
  }

  private async payDeposit(orderId: string, attempt: number) {
    const random = this.r.sales;
    const order = this.order(orderId);
    if (!order.exists || order.stage !== 'quote') return;
    const amountCents = dollars((order.totalCents * random.int(10, 20)) / 100);
    const method = random.weighted(PAYMENT_METHODS);
    if (attempt === 1 && random.chance(0.05)) {
      await this.store.run(orderDecider, aggregates.order.stream(orderId), {
        type: 'RecordFailedPayment',
        paymentId: this.id(),
        amountCents,
        method,
        reason: random.pick([
          'Card declined',
          'Insufficient funds',
          'ACH return: account closed',
          'Wire recalled by bank',
        ]),
        on: this.today,
      });
      this.after(random.int(1, 4), ACTORS.payments, random, () => this.payDeposit(orderId, 2));
      return;
    }
    await this.store.run(orderDecider, aggregates.order.stream(orderId), {
      type: 'PayDeposit',
      paymentId: this.id(),
      amountCents,
      method,
      reference: `DEP-${orderId.slice(-6)}`,
      on: this.today,
    });
    await this.scheduleBuild(orderId);
    if (random.chance(0.055)) {
      const rep = this.repOf.get(orderId) ?? ACTORS.sales[0]!;
      this.after(random.int(4, 30), rep, random, () =>
        this.cancel(
          orderId,
          random.pick(['Financing fell through', 'Customer relocating', 'Permit denied', 'Changed plans']),
        ),
      );
    }
  }

  private async pay(orderId: string, kind: 'progress' | 'final', share: number, attempt = 1) {
    const random = this.r.sales;
    const order = this.order(orderId);
    if (!order.exists || order.stage === 'cancelled') return;
    const balance = balanceOf(order);
    const amountCents = kind === 'final' ? balance : Math.min(balance, dollars(order.totalCents * share));
    if (amountCents <= 0) return;
    const method = random.weighted(PAYMENT_METHODS);
    if (attempt === 1 && random.chance(0.03)) {
      await this.store.run(orderDecider, aggregates.order.stream(orderId), {
        type: 'RecordFailedPayment',
        paymentId: this.id(),
        amountCents,
        method,
        reason: random.pick(['Card declined', 'Insufficient funds', 'Financing not yet released']),
        on: this.today,
      });
      this.after(random.int(2, 6), ACTORS.payments, random, () => this.pay(orderId, kind, share, 2));
      return;
    }
    await this.store.run(orderDecider, aggregates.order.stream(orderId), {
      type: 'RecordPayment',
      paymentId: this.id(),
      amountCents,
      method,
      kind,
      reference: `${kind === 'final' ? 'FIN' : 'PRG'}-${orderId.slice(-6)}`,
      on: this.today,
    });
  }

  private async cancel(orderId: string, reason: string) {
    const random = this.r.sales;
    const order = this.order(orderId);
    if (!order.exists || (order.stage !== 'deposit_paid' && order.stage !== 'in_build')) return;
    const inBuild = order.stage === 'in_build';
    await flows.cancelOrder(this.store, { orderId, reason });
    this.stats.cancelled += 1;
    // Deposits come back in full or less a restocking fee; once building, half of what was paid.
    const share = inBuild ? 0.5 : random.chance(0.6) ? 1 : 0.9;
    const cancelled = this.order(orderId);
    if (!cancelled.exists) return;
    for (const payment of cancelled.payments.filter((p) => p.status === 'received')) {
      const amountCents = Math.floor((payment.amountCents - payment.refundedCents) * share);
      if (amountCents <= 0) continue;
      await this.store.run(orderDecider, aggregates.order.stream(orderId), {
        type: 'RefundPayment',
        paymentId: payment.paymentId,
        amountCents,
        reason: share === 1 ? 'Cancellation: full refund' : 'Cancellation: refund less fees',
        on: this.today,
      });
    }
  }

  // ---- production -------------------------------------------------------------------------------

  private weekIndex(day: Day) {
    return Math.floor(daysBetween(this.start, day) / 7);
  }

  /** Builds the shop can start in a week: it grows with the business. */
  private capacity(week: number) {
    return Math.max(1, Math.round(7.5 * GROWTH_PER_YEAR ** ((week * 7) / 365.25) * this.scale));
  }

  private async scheduleBuild(orderId: string) {
    const random = this.r.production;
    let week = this.weekIndex(addDays(this.today, 10));
    while ((this.weekLoad.get(week) ?? 0) >= this.capacity(week)) week += 1;
    this.weekLoad.set(week, (this.weekLoad.get(week) ?? 0) + 1);
    const startOn = addDays(this.start, week * 7 + random.int(0, 4));
    const order = this.order(orderId);
    const foundation =
      order.exists && MODELS.find((m) => m.modelId === order.modelId)?.mount === 'foundation';
    await flows.scheduleBuild(this.store, {
      orderId,
      bay: `Bay ${(this.bays++ % 8) + 1}`,
      startOn,
      dueOn: addDays(startOn, foundation ? 42 : 35),
    });
    this.stats.builds += 1;
    this.at(startOn, ACTORS.production, random, () => this.startBuild(orderId));
  }

  private async startBuild(buildId: string) {
    const random = this.r.production;
    const build = this.store.peek(buildDecider, aggregates.build.stream(buildId));
    if (!build.exists || build.status !== 'scheduled') return;
    try {
      await flows.startBuild(this.store, { buildId, on: this.today });
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'insufficient-stock') throw error;
      if (build.delays.every((d) => d.reason !== 'materials')) this.stats.stockOuts += 1;
      await this.store.run(buildDecider, aggregates.build.stream(buildId), {
        type: 'DelayBuild',
        reason: 'materials',
        days: 7,
        note: error.message,
      });
      await this.expedite(build.materials.map((m) => m.itemId));
      this.after(7, ACTORS.production, random, () => this.startBuild(buildId));
      return;
    }
    this.afterStage(buildId, 'framing', random.int(6, 10));
    if (random.chance(0.012)) {
      const rep = this.repOf.get(buildId) ?? ACTORS.sales[0]!;
      this.after(random.int(3, 15), rep, this.r.sales, () =>
        this.cancel(buildId, 'Customer withdrew during build'),
      );
    }
  }

  private afterStage(buildId: string, stage: BuildStage, days: number) {
    this.after(days, ACTORS.production, this.r.production, () => this.finishStage(buildId, stage));
  }

  private async finishStage(buildId: string, stage: BuildStage) {
    const random = this.r.production;
    const build = this.store.peek(buildDecider, aggregates.build.stream(buildId));
    if (!build.exists || build.status !== 'in_progress' || build.stage !== stage) return;
    const month = toDate(this.today).getUTCMonth();
    const winter = month === 11 || month <= 1;
    const delay: [DelayReason, number, string] | undefined =
      stage === 'framing' && winter && random.chance(0.25)
        ? ['weather', random.int(3, 8), 'Snow and ice in the yard']
        : stage === 'inspection' && random.chance(0.09)
          ? ['inspection', random.int(3, 7), 'Failed electrical inspection; rework and re-inspect']
          : random.chance(0.05)
            ? ['labor', random.int(2, 6), 'Crew short-handed']
            : random.chance(0.015)
              ? ['design_change', random.int(5, 12), 'Customer changed the layout']
              : undefined;
    if (delay) {
      const [reason, days, note] = delay;
      await this.store.run(buildDecider, aggregates.build.stream(buildId), {
        type: 'DelayBuild',
        reason,
        days,
        note,
      });
      this.afterStage(buildId, stage, days);
      return;
    }
    const done = await flows.completeStage(this.store, { buildId, stage, on: this.today });
    if (!done.state.exists) return;
    const next = done.state.stage;
    if (stage === 'framing')
      this.after(random.int(1, 5), ACTORS.payments, this.r.sales, () => this.pay(buildId, 'progress', 0.4));
    if (next) {
      const durations: Record<BuildStage, [number, number]> = {
        framing: [6, 10],
        systems: [6, 12],
        finish: [7, 13],
        inspection: [1, 3],
      };
      const [min, max] = durations[next];
      this.afterStage(buildId, next, random.int(min, max));
      return;
    }
    if (done.state.late) this.stats.lateBuilds += 1;
    this.after(random.int(1, 8), ACTORS.payments, this.r.sales, () => this.pay(buildId, 'final', 1));
    this.after(random.int(2, 5), ACTORS.operations, this.r.delivery, () => this.bookShipment(buildId));
  }

  // ---- delivery ---------------------------------------------------------------------------------

  private async bookShipment(orderId: string) {
    const random = this.r.delivery;
    const scheduledFor = addDays(this.today, random.int(3, 12));
    await flows.scheduleShipment(this.store, {
      orderId,
      carrier: random.pick(CARRIERS),
      destination: this.cityOf.get(orderId) ?? random.pick(DESTINATIONS),
      scheduledFor,
      today: this.today,
    });
    this.at(scheduledFor, ACTORS.operations, random, () => this.dispatch(orderId));
  }

  private async dispatch(orderId: string) {
    const random = this.r.delivery;
    const shipment = this.store.peek(shipmentDecider, aggregates.shipment.stream(orderId));
    if (!shipment.exists || shipment.status !== 'scheduled') return;
    if (random.chance(0.08)) {
      const scheduledFor = addDays(this.today, random.int(3, 9));
      await this.store.run(shipmentDecider, aggregates.shipment.stream(orderId), {
        type: 'RescheduleShipment',
        scheduledFor,
        reason: random.pick(['Site not ready', 'Road closure', 'High winds forecast', 'Customer request']),
      });
      this.at(scheduledFor, ACTORS.operations, random, () => this.dispatch(orderId));
      return;
    }
    await this.store.run(shipmentDecider, aggregates.shipment.stream(orderId), {
      type: 'DispatchShipment',
      on: this.today,
      trackingRef: `${shipment.carrier.replace(/[^A-Z]/g, '')}-${random.int(100000, 999999)}`,
    });
    this.after(random.int(1, 4), ACTORS.operations, random, () => this.deliver(orderId));
  }

  private async deliver(orderId: string) {
    const random = this.r.delivery;
    await flows.deliverShipment(this.store, { shipmentId: orderId, on: this.today });
    this.stats.delivered += 1;
    if (!random.chance(0.045)) return;
    this.after(random.int(0, 4), ACTORS.operations, random, async () => {
      const claimId = this.id();
      const amountCents = dollars(random.int(500, 6000) * 100, 50);
      await this.store.run(shipmentDecider, aggregates.shipment.stream(orderId), {
        type: 'FileDamageClaim',
        claimId,
        description: random.pick([
          'Cracked window in transit',
          'Siding scraped by a branch',
          'Roof flashing bent',
          'Cabinet door broken loose',
        ]),
        amountCents,
        on: this.today,
      });
      this.after(random.int(10, 40), ACTORS.operations, random, async () => {
        const paid = random.chance(0.72);
        await this.store.run(shipmentDecider, aggregates.shipment.stream(orderId), {
          type: 'ResolveDamageClaim',
          claimId,
          outcome: paid ? 'paid' : 'denied',
          paidCents: paid ? dollars((amountCents * random.int(50, 100)) / 100, 10) : 0,
          on: this.today,
        });
      });
    });
  }

  // ---- purchasing -------------------------------------------------------------------------------

  private onOrder(itemId: string) {
    let quantity = 0;
    for (const id of this.openPurchaseOrders) {
      const po = this.store.peek(purchaseOrderDecider, aggregates.purchaseOrder.stream(id));
      if (!po.exists) continue;
      for (const line of po.lines) if (line.itemId === itemId) quantity += outstandingOf(line);
    }
    return quantity;
  }

  private item(itemId: string) {
    return this.store.peek(itemDecider, aggregates.item.stream(itemId)) as Extract<
      ItemState,
      { exists: true }
    >;
  }

  /** What one build takes of each item on average, given the model mix and option take rates on sale now. */
  private usagePerBuild(): Map<string, number> {
    const models = this.onSale();
    const total = models.reduce((sum, m) => sum + m.weight, 0);
    const usage = new Map<string, number>();
    const add = (itemId: string, quantity: number) => usage.set(itemId, (usage.get(itemId) ?? 0) + quantity);
    for (const seed of models) {
      const model = this.store.peek(modelDecider, aggregates.model.stream(seed.modelId));
      if (!model.exists) continue;
      const share = seed.weight / total;
      for (const m of model.materials) add(m.itemId, share * m.quantity);
      for (const o of model.options)
        for (const m of o.materials) add(m.itemId, share * (OPTION_TAKE_RATES[o.code] ?? 0.2) * m.quantity);
    }
    return usage;
  }

  /**
   * Each quarter operations sizes reorder points to demand over the supplier's lead time plus safety
   * stock, at the shop's current build rate. Late suppliers still cause the odd stock-out.
   */
  private async tuneReorderPolicies() {
    const weekly = this.capacity(this.weekIndex(this.today));
    for (const [itemId, perBuild] of this.usagePerBuild()) {
      const item = this.item(itemId);
      if (!item.exists) continue;
      const supplier = this.store.peek(
        supplierDecider,
        aggregates.supplier.stream(ITEMS.find((i) => i.itemId === itemId)!.supplierId),
      );
      const leadTimeDays = supplier.exists ? supplier.leadTimeDays : item.leadTimeDays;
      const demand = weekly * perBuild;
      // Reserved items show their demand weeks ahead; the rest need more safety stock to cover surprises.
      const safetyWeeks = reservedAhead({ leadTimeDays }) ? 1.5 : 2.5;
      const reorderPoint = Math.ceil(demand * (leadTimeDays / 7 + safetyWeeks));
      const reorderQuantity = Math.max(1, Math.ceil(demand * 4));
      if (
        Math.abs(reorderPoint - item.reorderPoint) <= item.reorderPoint * 0.1 &&
        leadTimeDays === item.leadTimeDays
      )
        continue;
      await this.store.run(itemDecider, aggregates.item.stream(itemId), {
        type: 'SetReorderPolicy',
        reorderPoint,
        reorderQuantity,
        leadTimeDays,
      });
    }
  }

  /** Monday: reorder whatever, counting what is already on order, is at or below its reorder point. */
  private async reviewStock() {
    const bySupplier = new Map<string, { itemId: string; quantity: number; unitCostCents: number }[]>();
    for (const seed of ITEMS) {
      const item = this.item(seed.itemId);
      const position = item.onHand - item.reserved + this.onOrder(seed.itemId);
      if (position > item.reorderPoint) continue;
      const quantity = item.reorderQuantity + Math.max(0, item.reorderPoint - position);
      const lines = bySupplier.get(seed.supplierId) ?? [];
      lines.push({ itemId: seed.itemId, quantity, unitCostCents: item.unitCostCents });
      bySupplier.set(seed.supplierId, lines);
    }
    for (const [supplierId, lines] of bySupplier) await this.purchase(supplierId, lines, false);
  }

  /** A build could not start: rush-order what it lacks unless it is already on its way. */
  private async expedite(itemIds: string[]) {
    for (const itemId of itemIds) {
      const item = this.item(itemId);
      if (this.onOrder(itemId) > 0 || item.onHand - item.reserved > 0) continue;
      const seed = ITEMS.find((i) => i.itemId === itemId)!;
      await this.purchase(
        seed.supplierId,
        [
          {
            itemId,
            quantity: item.reorderQuantity + Math.max(0, item.reserved - item.onHand),
            unitCostCents: item.unitCostCents,
          },
        ],
        true,
      );
    }
  }

  private async purchase(
    supplierId: string,
    lines: { itemId: string; quantity: number; unitCostCents: number }[],
    rush: boolean,
  ) {
    const random = this.r.purchasing;
    const supplier = this.store.peek(supplierDecider, aggregates.supplier.stream(supplierId));
    if (!supplier.exists) return;
    const purchaseOrderId = this.id();
    const lead = rush ? Math.ceil(supplier.leadTimeDays / 2) : supplier.leadTimeDays;
    await flows.placePurchaseOrder(this.store, {
      purchaseOrderId,
      supplierId,
      lines,
      on: this.today,
      expectedOn: addDays(this.today, lead),
    });
    this.openPurchaseOrders.add(purchaseOrderId);
    this.stats.purchaseOrders += 1;
    const arrival = Math.max(1, lead + (random.chance(0.18) ? random.int(5, 18) : random.int(-2, 2)));
    if (random.chance(0.15)) {
      const first = lines.map((l) => ({
        itemId: l.itemId,
        quantity: Math.max(1, Math.floor((l.quantity * random.int(50, 80)) / 100)),
      }));
      this.after(arrival, ACTORS.operations, random, () => this.receive(purchaseOrderId, first));
      this.after(arrival + random.int(4, 12), ACTORS.operations, random, () => this.receive(purchaseOrderId));
    } else {
      this.after(arrival, ACTORS.operations, random, () => this.receive(purchaseOrderId));
    }
  }

  /** Receives the given lines, or everything still outstanding. */
  private async receive(purchaseOrderId: string, lines?: { itemId: string; quantity: number }[]) {
    const po = this.store.peek(purchaseOrderDecider, aggregates.purchaseOrder.stream(purchaseOrderId));
    if (!po.exists) return;
    const receipt = (lines ?? po.lines.map((l) => ({ itemId: l.itemId, quantity: outstandingOf(l) }))).filter(
      (l) => l.quantity > 0,
    );
    if (receipt.length === 0) return;
    const received = await flows.receivePurchaseOrder(this.store, {
      purchaseOrderId,
      lines: receipt,
      on: this.today,
    });
    if (received.state.exists && received.state.status === 'received')
      this.openPurchaseOrders.delete(purchaseOrderId);
  }

  /** First of the month: count a few items and correct what the count finds. */
  private async cycleCount() {
    const random = this.r.purchasing;
    for (let i = 0; i < 3; i++) {
      const seed = random.pick(ITEMS);
      const item = this.item(seed.itemId);
      const damaged = random.chance(0.2);
      const delta = damaged ? -1 : random.pick([-2, -1, 1, 2]);
      if (item.onHand + delta < 0) continue;
      await this.store.run(itemDecider, aggregates.item.stream(seed.itemId), {
        type: 'AdjustStock',
        delta,
        reason: damaged ? 'damage' : 'count',
        note: damaged ? 'Damaged in the yard' : 'Monthly cycle count',
      });
    }
  }
}

export const generateHistory = async (options: HistoryOptions = {}): Promise<History> => {
  const simulation = new Simulation(options);
  await simulation.run();
  const end = options.end ?? new Date();
  return {
    commits: simulation.events.commits,
    stats: simulation.stats,
    start: toDate(addDays(dayOf(end), -Math.round((options.years ?? 3) * 365.25))),
    end,
  };
};
