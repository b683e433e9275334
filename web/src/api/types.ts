/**
 * The API's shapes as the console names them: every one an alias of the generated description
 * (`schema.gen.ts`, from the zod contracts under functions/api), never a copy. The web app talks to the API
 * over HTTP only, and a contract change that breaks the console fails its type check.
 */
import type { components } from './schema.gen';

type Schemas = components['schemas'];

export { mePermissionsValues as PERMISSIONS, roleValues as ROLES } from './schema.gen';
export type Role = Schemas['Role'];
/** `GET /api/me` lists the caller's. */
export type Permission = Schemas['Me']['permissions'][number];
export type Me = Schemas['Me'];
export type Tokens = Schemas['Tokens'];
/** The password was right and the account has MFA: the code from its authenticator app comes next. */
export type MfaChallenge = Schemas['MfaChallenge'];

/** What every record carries; `version` goes back in If-Match to change it. */
export type RecordMeta = Pick<Schemas['Customer'], 'id' | 'version' | 'createdAt' | 'updatedAt'>;

export type ModelOption = Schemas['ModelOption'];
export type Model = Schemas['Model'];
export type Customer = Schemas['Customer'];

export { orderStageValues as ORDER_STAGES, paymentMethodValues as PAYMENT_METHODS } from './schema.gen';
export type OrderStage = Schemas['OrderStage'];
/** How money moved. */
export type PaymentMethod = Schemas['PaymentMethod'];
/** The payments recorded after the deposit. */
export { recordPaymentKindValues as PAYMENT_KINDS } from './schema.gen';
export type PaymentKind = Schemas['Payment']['kind'];
/** One payment attempt on an order; failed ones stay listed, so the history explains the balance. */
export type Payment = Schemas['Payment'];
export type Refund = Schemas['Refund'];
export type Order = Schemas['Order'];

/** A page of any list: `{ items, nextCursor }` (the API's lists all have this shape). */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export type DomainEventRecord = Schemas['Event'];
export type EventHistory = Schemas['EventHistory'];

/** The runtime configuration the hosting serves at `/config.json` (not part of the API). */
export interface RuntimeConfig {
  /** '' for the same origin, or an absolute origin; API paths start with /api. */
  apiUrl: string;
  region?: string;
  userPoolId?: string;
  userPoolClientId?: string;
  stage?: string;
}

// Command bodies, by the API's schema names.
export type CreateModelBody = Schemas['CreateModel'];
export type RegisterCustomerBody = Schemas['RegisterCustomer'];
export type ChangeCustomerBody = Schemas['ChangeCustomer'];
export type PlaceOrderBody = Schemas['PlaceOrder'];
export type PayDepositBody = Schemas['PayDeposit'];
export type RecordPaymentBody = Schemas['RecordPayment'];
export type RecordFailedPaymentBody = Schemas['RecordFailedPayment'];
export type RefundPaymentBody = Schemas['RefundPayment'];
