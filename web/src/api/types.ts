/**
 * The API's resource shapes as the console uses them. The web app talks to the API over HTTP only
 * (see the architecture's layout rules), so these mirror the `contract.ts` files under `functions/api` rather than
 * importing it; the browser tests catch any drift against the real API.
 */

export const ROLES = ['owner', 'admin', 'manager', 'analyst', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** Mirrors `PERMISSIONS` in domain/access/permissions.ts; `GET /api/me` lists the caller's. */
export const PERMISSIONS = [
  'catalog:read',
  'catalog:write',
  'customers:read',
  'customers:write',
  'orders:read',
  'orders:write',
  'orders:cancel',
  'events:read',
  'backups:read',
  'backups:run',
  'backups:restore',
  'exports:run',
  'audit:read',
  'audit:export',
  'security:read',
  'security:manage',
  'users:read',
  'users:manage',
  'leads:read',
  'leads:write',
  'quotes:read',
  'quotes:write',
  'payments:write',
  'production:read',
  'production:write',
  'delivery:read',
  'delivery:write',
  'inventory:read',
  'inventory:write',
  'purchasing:read',
  'purchasing:write',
  'marketing:read',
  'marketing:write',
  'reports:read',
  'discounts:approve',
  'payments:refund',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export interface Me {
  id: string;
  email?: string;
  role: Role;
  permissions: Permission[];
}

export interface Tokens {
  idToken: string;
  accessToken: string;
  refreshToken?: string;
  /** Seconds until the tokens expire. */
  expiresIn: number;
}

export interface RecordMeta {
  id: string;
  /** Send back in If-Match to change the record. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface ModelOption {
  code: string;
  name: string;
  priceCents: number;
}

export interface Model extends RecordMeta {
  name: string;
  basePriceCents: number;
  options: ModelOption[];
  retired: boolean;
}

export interface Customer extends RecordMeta {
  name: string;
  email: string;
  phone?: string;
  marketingConsent: boolean;
}

export const ORDER_STAGES = ['quote', 'deposit_paid', 'in_build', 'ready', 'delivered', 'cancelled'] as const;
export type OrderStage = (typeof ORDER_STAGES)[number];

/** How money moved (functions/api/orders/contract.ts PaymentMethod). */
export const PAYMENT_METHODS = ['card', 'ach', 'wire', 'check', 'financing', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
/** The payments recorded after the deposit. */
export const PAYMENT_KINDS = ['progress', 'final'] as const;
export type PaymentKind = 'deposit' | (typeof PAYMENT_KINDS)[number];

/** One payment attempt on an order; failed ones stay listed, so the history explains the balance. */
export interface Payment {
  paymentId: string;
  kind: PaymentKind;
  method: PaymentMethod;
  amountCents: number;
  status: 'received' | 'failed';
  refundedCents: number;
  /** The day it was paid; null for deposits recorded before days were kept. */
  on: string | null;
  /** Why a failed attempt failed. */
  reason?: string;
}

export interface Refund {
  paymentId: string;
  amountCents: number;
  reason: string;
  on: string;
}

export interface Order extends RecordMeta {
  customerId: string;
  modelId: string;
  modelName: string;
  options: ModelOption[];
  /** The quote the order was placed from; null when placed directly. */
  quoteId: string | null;
  feesCents: number;
  discountCents: number;
  totalCents: number;
  /** Everything received, before refunds. */
  paidCents: number;
  refundedCents: number;
  payments: Payment[];
  refunds: Refund[];
  stage: OrderStage;
  deliveredOn?: string | null;
  cancelledFrom?: OrderStage;
  cancelReason?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface DomainEventRecord {
  id: string;
  type: string;
  version: number;
  streamId: string;
  streamVersion: number;
  occurredAt: string;
  actor: { id: string; email?: string; role: string; ip?: string; userAgent?: string };
  correlationId: string;
  causationId: string;
  data: Record<string, unknown>;
}

export interface EventHistory {
  items: DomainEventRecord[];
}

/** The runtime configuration the hosting serves at `/config.json`. */
export interface RuntimeConfig {
  /** '' for the same origin, or an absolute origin; API paths start with /api. */
  apiUrl: string;
  region?: string;
  userPoolId?: string;
  userPoolClientId?: string;
  stage?: string;
}

// Command bodies, named after the API's schemas.
export interface CreateModelBody {
  name: string;
  basePriceCents: number;
  options: ModelOption[];
}
export interface RegisterCustomerBody {
  name: string;
  email: string;
  phone?: string;
  marketingConsent: boolean;
}
export type ChangeCustomerBody = Partial<RegisterCustomerBody>;
export interface PlaceOrderBody {
  customerId: string;
  modelId: string;
  optionCodes: string[];
}
export interface PayDepositBody {
  amountCents: number;
  reference?: string;
  method?: PaymentMethod;
  on?: string;
}
export interface RecordPaymentBody {
  amountCents: number;
  method: PaymentMethod;
  kind: (typeof PAYMENT_KINDS)[number];
  reference?: string;
  on?: string;
}
export interface RecordFailedPaymentBody {
  amountCents: number;
  method: PaymentMethod;
  reason: string;
  on?: string;
}
export interface RefundPaymentBody {
  amountCents: number;
  reason: string;
  on?: string;
}
