import type { Material, Mount, OptionInput } from '../../../domain/catalog/models.ts';
import type { LeadChannel } from '../../../domain/customers/leads.ts';
import type { Actor } from '../../../events/envelope.ts';

/** The fixed parts of the demo business: its people, suppliers, stock items and catalog. */
const $ = (dollars: number) => Math.round(dollars * 100);

const staff = (id: string, name: string, role: string): Actor => ({
  id: `demo-${id}`,
  email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@firefly.example`,
  role,
});

export const ACTORS = {
  owner: staff('dana', 'Dana Whitfield', 'owner'),
  sales: [
    staff('jess', 'Jess Moreno', 'manager'),
    staff('raj', 'Raj Patel', 'manager'),
    staff('kim', 'Kim Oduya', 'manager'),
  ],
  production: staff('luis', 'Luis Garcia', 'manager'),
  operations: staff('amy', 'Amy Chen', 'manager'),
  marketing: staff('sam', 'Sam Rivera', 'manager'),
  webForm: { id: 'web-form', role: 'system' } satisfies Actor,
  payments: { id: 'payments-gateway', role: 'system' } satisfies Actor,
};

export interface SupplierSeed {
  supplierId: string;
  name: string;
  email: string;
  phone: string;
  leadTimeDays: number;
  paymentTermsDays: number;
}

export const SUPPLIERS: SupplierSeed[] = [
  ['cascade-timber', 'Cascade Timber Supply', 9, 30],
  ['northwind-windows', 'Northwind Windows & Doors', 24, 30],
  ['ridgeline-trailers', 'Ridgeline Trailer Co.', 30, 45],
  ['sunpath-solar', 'SunPath Solar', 18, 30],
  ['pioneer-mep', 'Pioneer Electrical & Plumbing', 12, 30],
  ['summit-roofing', 'Summit Roofing Supply', 10, 15],
  ['bedrock-foundations', 'Bedrock Foundations', 21, 45],
].map(([supplierId, name, leadTimeDays, paymentTermsDays], i) => ({
  supplierId: supplierId as string,
  name: name as string,
  email: `orders@${(supplierId as string).replace(/-/g, '')}.example`,
  phone: `+1 503 555 01${String(10 + i)}`,
  leadTimeDays: leadTimeDays as number,
  paymentTermsDays: paymentTermsDays as number,
}));

export interface ItemSeed {
  itemId: string;
  name: string;
  unit: string;
  unitCostCents: number;
  reorderPoint: number;
  reorderQuantity: number;
  supplierId: string;
}

const item = (
  itemId: string,
  name: string,
  unit: string,
  cost: number,
  reorderPoint: number,
  reorderQuantity: number,
  supplierId: string,
): ItemSeed => ({ itemId, name, unit, unitCostCents: $(cost), reorderPoint, reorderQuantity, supplierId });

export const ITEMS: ItemSeed[] = [
  item('chassis-16', 'Trailer chassis, 16 ft', 'each', 4200, 3, 6, 'ridgeline-trailers'),
  item('chassis-20', 'Trailer chassis, 20 ft', 'each', 4900, 5, 10, 'ridgeline-trailers'),
  item('chassis-24', 'Trailer chassis, 24 ft', 'each', 5600, 5, 10, 'ridgeline-trailers'),
  item('foundation-kit', 'Foundation pier kit', 'kit', 3800, 4, 8, 'bedrock-foundations'),
  item('lumber', 'Framing lumber bundle', 'bundle', 1150, 50, 110, 'cascade-timber'),
  item('decking', 'Cedar decking bundle', 'bundle', 640, 8, 20, 'cascade-timber'),
  item('windows', 'Double-pane window', 'each', 420, 40, 100, 'northwind-windows'),
  item('roofing', 'Standing-seam roofing', 'square', 390, 30, 70, 'summit-roofing'),
  item('mep-kit', 'Electrical and plumbing rough-in kit', 'kit', 5000, 6, 14, 'pioneer-mep'),
  item('heat-pump', 'Ductless heat pump', 'each', 2600, 3, 8, 'pioneer-mep'),
  item('composting-toilet', 'Composting toilet', 'each', 1150, 2, 6, 'pioneer-mep'),
  item('water-tank', 'Fresh-water tank, 100 gal', 'each', 480, 2, 6, 'pioneer-mep'),
  item('solar-kit', 'Solar array, 4 kW', 'kit', 5400, 3, 8, 'sunpath-solar'),
  item('battery', 'LiFePO4 battery, 5 kWh', 'each', 2300, 6, 16, 'sunpath-solar'),
];

export interface ModelSeed {
  modelId: string;
  name: string;
  basePriceCents: number;
  sizeSqFt: number;
  sleeps: number;
  mount: Mount;
  materials: Material[];
  options: OptionInput[];
  /** Share of demand among the models on sale. */
  weight: number;
  /** Months after the start of the history when the model launches and, if ever, retires. */
  launchMonth: number;
  retireMonth?: number;
}

const bill = (chassis: string, lumber: number, windows: number, roofing: number): Material[] => [
  { itemId: chassis, quantity: 1 },
  { itemId: 'lumber', quantity: lumber },
  { itemId: 'windows', quantity: windows },
  { itemId: 'roofing', quantity: roofing },
  { itemId: 'mep-kit', quantity: 1 },
];

const solar: OptionInput = {
  code: 'solar',
  name: 'Solar package (4 kW, 10 kWh storage)',
  priceCents: $(8500),
  kind: 'option',
  materials: [
    { itemId: 'solar-kit', quantity: 1 },
    { itemId: 'battery', quantity: 2 },
  ],
};
const loft: OptionInput = {
  code: 'loft',
  name: 'Sleeping loft',
  priceCents: $(4200),
  kind: 'option',
  materials: [{ itemId: 'lumber', quantity: 2 }],
};
const toilet: OptionInput = {
  code: 'composting-toilet',
  name: 'Composting toilet',
  priceCents: $(1800),
  kind: 'option',
  materials: [{ itemId: 'composting-toilet', quantity: 1 }],
};
const deck: OptionInput = {
  code: 'deck',
  name: 'Fold-down cedar deck',
  priceCents: $(3900),
  kind: 'option',
  materials: [{ itemId: 'decking', quantity: 2 }],
};

/** Options added to every model on sale some months in: the catalog changes over the years. */
export const LATER_OPTIONS: { month: number; option: OptionInput }[] = [
  {
    month: 3,
    option: {
      code: 'off-grid-water',
      name: 'Off-grid water system',
      priceCents: $(2400),
      kind: 'option',
      materials: [{ itemId: 'water-tank', quantity: 1 }],
    },
  },
  {
    month: 14,
    option: {
      code: 'heat-pump',
      name: 'Heat pump instead of baseboard heat',
      priceCents: $(4800),
      kind: 'upgrade',
      materials: [{ itemId: 'heat-pump', quantity: 1 }],
    },
  },
];

export const MODELS: ModelSeed[] = [
  {
    modelId: 'spark-16',
    name: 'Firefly Spark 16',
    basePriceCents: $(54_000),
    sizeSqFt: 128,
    sleeps: 2,
    mount: 'trailer',
    materials: bill('chassis-16', 6, 4, 3),
    options: [solar, toilet, deck],
    weight: 16,
    launchMonth: 0,
    retireMonth: 30,
  },
  {
    modelId: 'nest-20',
    name: 'Firefly Nest 20',
    basePriceCents: $(69_500),
    sizeSqFt: 160,
    sleeps: 2,
    mount: 'trailer',
    materials: bill('chassis-20', 8, 5, 4),
    options: [solar, loft, toilet, deck],
    weight: 30,
    launchMonth: 0,
  },
  {
    modelId: 'glow-24',
    name: 'Firefly Glow 24',
    basePriceCents: $(89_000),
    sizeSqFt: 204,
    sleeps: 4,
    mount: 'trailer',
    materials: bill('chassis-24', 10, 7, 5),
    options: [solar, loft, toilet, deck],
    weight: 30,
    launchMonth: 0,
  },
  {
    modelId: 'lantern-28',
    name: 'Firefly Lantern 28',
    basePriceCents: $(115_000),
    sizeSqFt: 260,
    sleeps: 4,
    mount: 'foundation',
    materials: bill('foundation-kit', 13, 8, 6),
    options: [solar, loft, deck],
    weight: 18,
    launchMonth: 0,
  },
  {
    modelId: 'beacon-32',
    name: 'Firefly Beacon 32',
    basePriceCents: $(139_000),
    sizeSqFt: 340,
    sleeps: 6,
    mount: 'foundation',
    materials: bill('foundation-kit', 16, 10, 7),
    options: [solar, deck],
    weight: 14,
    launchMonth: 14,
  },
];

/** Chance that a buyer picks an option, by option code. */
export const OPTION_TAKE_RATES: Record<string, number> = {
  solar: 0.34,
  loft: 0.42,
  'composting-toilet': 0.2,
  deck: 0.3,
  'off-grid-water': 0.14,
  'heat-pump': 0.32,
};

/** Share of leads by channel, and how often a contacted lead of that channel qualifies. */
export const CHANNELS: Record<LeadChannel, { share: number; qualifies: number }> = {
  web_form: { share: 0.28, qualifies: 0.34 },
  search: { share: 0.22, qualifies: 0.3 },
  paid_social: { share: 0.27, qualifies: 0.17 },
  referral: { share: 0.09, qualifies: 0.58 },
  show: { share: 0.14, qualifies: 0.42 },
};

/** Lead volume by month (January first): spring peaks, winter troughs. */
export const SEASON = [0.6, 0.75, 1.2, 1.45, 1.4, 1.1, 0.95, 0.9, 1.0, 0.9, 0.7, 0.55];
export const GROWTH_PER_YEAR = 1.32;

export const CARRIERS = [
  'Firefly Haul',
  'Big Sky Transport',
  'Cascade Freight',
  'Lone Star Towing',
  'Pacific Coast Movers',
];

export const DESTINATIONS = [
  'Portland, OR',
  'Bend, OR',
  'Eugene, OR',
  'Hood River, OR',
  'Astoria, OR',
  'Ashland, OR',
  'Seattle, WA',
  'Olympia, WA',
  'Bellingham, WA',
  'Spokane, WA',
  'Port Townsend, WA',
  'Walla Walla, WA',
  'Boise, ID',
  'Sandpoint, ID',
  'Missoula, MT',
  'Bozeman, MT',
  'Whitefish, MT',
  'Sacramento, CA',
  'Nevada City, CA',
  'Arcata, CA',
  'Truckee, CA',
  'Santa Cruz, CA',
  'Reno, NV',
  'Flagstaff, AZ',
  'Boulder, CO',
  'Durango, CO',
  'Taos, NM',
  'Moab, UT',
  'Jackson, WY',
];

export const FIRST_NAMES = [
  'Olivia',
  'Liam',
  'Emma',
  'Noah',
  'Ava',
  'Elijah',
  'Sophia',
  'James',
  'Isabella',
  'Lucas',
  'Mia',
  'Mateo',
  'Amelia',
  'Levi',
  'Harper',
  'Ethan',
  'Evelyn',
  'Wyatt',
  'Abigail',
  'Owen',
  'Emily',
  'Caleb',
  'Ella',
  'Hudson',
  'Aria',
  'Ezra',
  'Scarlett',
  'Miles',
  'Grace',
  'Theo',
  'Chloe',
  'Jonah',
  'Nora',
  'Rowan',
  'Lily',
  'Silas',
  'Hazel',
  'Jasper',
  'Ivy',
  'Felix',
  'Maya',
  'Arjun',
  'Priya',
  'Wei',
  'Mei',
  'Kenji',
  'Yuki',
  'Diego',
  'Lucia',
  'Omar',
  'Leila',
  'Kwame',
  'Amara',
  'Sven',
  'Ingrid',
  'Tomas',
  'Elena',
  'Mateus',
  'Ana',
  'Rosa',
];

export const LAST_NAMES = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Thompson',
  'White',
  'Harris',
  'Clark',
  'Lewis',
  'Robinson',
  'Walker',
  'Young',
  'Allen',
  'King',
  'Wright',
  'Scott',
  'Nguyen',
  'Hill',
  'Flores',
  'Green',
  'Adams',
  'Nelson',
  'Baker',
  'Hall',
  'Rivera',
  'Campbell',
  'Mitchell',
  'Carter',
  'Roberts',
  'Kim',
  'Chen',
  'Patel',
  'Singh',
  'Okafor',
  'Larsen',
  'Novak',
  'Costa',
  'Silva',
  'Tanaka',
  'Sato',
  'Haddad',
  'Mensah',
  'Olsen',
  'Berg',
];
