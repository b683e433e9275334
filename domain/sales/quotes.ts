import type * as z from 'zod';
import type { QuoteLine as QuoteLineSchema } from '../../events/contexts/sales.ts';
import type { ModelState } from '../catalog/models.ts';
import type { CustomerState } from '../customers/customers.ts';
import { addDays, type Day } from '../shared/days.ts';
import { availableBy, type Decider, type Event, type Probes, reject } from '../shared/decider.ts';
import { withinAmountLimit } from '../shared/money.ts';

export type QuoteLine = z.infer<typeof QuoteLineSchema>;

export const QUOTE_STATUSES = ['draft', 'sent', 'accepted', 'declined', 'expired'] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];
export const DISCOUNT_STATUSES = ['none', 'pending', 'approved'] as const;
export type DiscountStatus = (typeof DISCOUNT_STATUSES)[number];

/** Discounts above this share of the subtotal need a second person's approval before the quote goes out. */
export const DISCOUNT_APPROVAL_RATE = 0.05;
/** No discount may exceed this share of the subtotal, approved or not. */
export const MAX_DISCOUNT_RATE = 0.2;
export const DEFAULT_VALID_DAYS = 30;

export type QuoteState =
  | { exists: false }
  | {
      exists: true;
      quoteId: string;
      customerId: string;
      modelId: string;
      modelName: string;
      basePriceCents: number;
      lines: QuoteLine[];
      subtotalCents: number;
      discountCents: number;
      discountReason?: string;
      discountRequestedBy?: string;
      discountStatus: DiscountStatus;
      discountApprovedBy?: string;
      totalCents: number;
      expiresOn: Day;
      status: QuoteStatus;
      sentOn?: Day;
      decidedOn?: Day;
      declineReason?: string;
      orderId?: string;
    };

export interface Fee {
  code: string;
  description: string;
  priceCents: number;
}

export type QuoteCommand =
  | {
      type: 'DraftQuote';
      quoteId: string;
      customer: CustomerState;
      model: ModelState;
      optionCodes: string[];
      fees: Fee[];
      on: Day;
      validDays?: number;
    }
  | { type: 'ApplyDiscount'; discountCents: number; reason: string; by: string }
  | { type: 'ApproveDiscount'; by: string }
  | { type: 'SendQuote'; on: Day }
  | { type: 'AcceptQuote'; orderId: string; on: Day }
  | { type: 'DeclineQuote'; reason: string; on: Day }
  | { type: 'ExpireQuote'; on: Day };

export type QuoteEvent = Event<
  | 'QuoteDrafted'
  | 'QuoteDiscountApplied'
  | 'QuoteDiscountApproved'
  | 'QuoteSent'
  | 'QuoteAccepted'
  | 'QuoteDeclined'
  | 'QuoteExpired'
>;

export const lineTotal = (line: QuoteLine): number => line.quantity * line.unitPriceCents;
export const subtotalOf = (lines: readonly QuoteLine[]): number =>
  lines.reduce((sum, line) => sum + lineTotal(line), 0);

/** Whether a discount of this size on this subtotal needs approval. */
export const needsApproval = (discountCents: number, subtotalCents: number): boolean =>
  discountCents > Math.floor(subtotalCents * DISCOUNT_APPROVAL_RATE);

const existing = (state: QuoteState) =>
  state.exists ? state : reject('quote-not-found', 'No such quote', 404);

const requireStatus = (state: QuoteState, allowed: QuoteStatus[], action: string) => {
  const quote = existing(state);
  if (!allowed.includes(quote.status))
    return reject('invalid-status', `Cannot ${action}: the quote is ${quote.status}`, 409);
  return quote;
};

const draft = (command: Extract<QuoteCommand, { type: 'DraftQuote' }>, state: QuoteState): QuoteEvent[] => {
  if (state.exists) return reject('quote-exists', `Quote ${command.quoteId} already exists`, 409);
  const { customer, model } = command;
  if (!customer.exists) return reject('customer-not-found', 'The customer does not exist');
  if (!model.exists) return reject('model-not-found', 'The model does not exist');
  if (model.retired) return reject('model-retired', `Model ${model.name} is retired`);
  const codes = new Set(command.optionCodes);
  if (codes.size !== command.optionCodes.length)
    return reject('duplicate-option', 'Each option can be chosen once');
  const unknown = command.optionCodes.filter((code) => !model.options.some((o) => o.code === code));
  if (unknown.length > 0)
    return reject('unknown-option', `Model ${model.name} has no option ${unknown.join(', ')}`);
  const validDays = command.validDays ?? DEFAULT_VALID_DAYS;
  if (validDays < 1 || validDays > 180) return reject('invalid-validity', 'Quotes are valid for 1-180 days');
  const lines: QuoteLine[] = [
    {
      code: 'base',
      description: model.name,
      kind: 'base',
      quantity: 1,
      unitPriceCents: model.basePriceCents,
    },
    ...model.options
      .filter((o) => codes.has(o.code))
      .map((o) => ({
        code: o.code,
        description: o.name,
        kind: o.kind,
        quantity: 1,
        unitPriceCents: o.priceCents,
      })),
    ...command.fees.map((f) => ({
      code: f.code,
      description: f.description,
      kind: 'fee' as const,
      quantity: 1,
      unitPriceCents: f.priceCents,
    })),
  ];
  return [
    {
      type: 'QuoteDrafted',
      data: {
        quoteId: command.quoteId,
        customerId: customer.customerId,
        modelId: model.modelId,
        modelName: model.name,
        basePriceCents: model.basePriceCents,
        lines,
        subtotalCents: withinAmountLimit(subtotalOf(lines), 'quote'),
        expiresOn: addDays(command.on, validDays),
      },
    },
  ];
};

const decide = (command: QuoteCommand, state: QuoteState): QuoteEvent[] => {
  switch (command.type) {
    case 'DraftQuote':
      return draft(command, state);
    case 'ApplyDiscount': {
      const quote = requireStatus(state, ['draft'], 'change the discount');
      if (command.discountCents > Math.floor(quote.subtotalCents * MAX_DISCOUNT_RATE))
        return reject(
          'discount-too-large',
          `Discounts are limited to ${MAX_DISCOUNT_RATE * 100}% of the subtotal`,
        );
      return [
        {
          type: 'QuoteDiscountApplied',
          data: {
            quoteId: quote.quoteId,
            discountCents: command.discountCents,
            reason: command.reason,
            requestedBy: command.by,
            requiresApproval: needsApproval(command.discountCents, quote.subtotalCents),
          },
        },
      ];
    }
    case 'ApproveDiscount': {
      const quote = requireStatus(state, ['draft'], 'approve the discount');
      if (quote.discountStatus !== 'pending')
        return reject('no-pending-discount', 'The quote has no discount waiting for approval', 409);
      if (quote.discountRequestedBy === command.by)
        return reject('four-eyes', 'A discount must be approved by someone other than who asked for it');
      return [
        {
          type: 'QuoteDiscountApproved',
          data: { quoteId: quote.quoteId, discountCents: quote.discountCents, approvedBy: command.by },
        },
      ];
    }
    case 'SendQuote': {
      const quote = requireStatus(state, ['draft'], 'send the quote');
      if (quote.discountStatus === 'pending')
        return reject('discount-not-approved', 'The discount needs approval before the quote goes out', 409);
      if (command.on > quote.expiresOn) return reject('quote-expired', 'The quote has expired', 409);
      return [{ type: 'QuoteSent', data: { quoteId: quote.quoteId, on: command.on } }];
    }
    case 'AcceptQuote': {
      const quote = requireStatus(state, ['sent'], 'accept the quote');
      if (command.on > quote.expiresOn)
        return reject('quote-expired', `The quote expired on ${quote.expiresOn}`, 409);
      return [
        { type: 'QuoteAccepted', data: { quoteId: quote.quoteId, orderId: command.orderId, on: command.on } },
      ];
    }
    case 'DeclineQuote': {
      const quote = requireStatus(state, ['draft', 'sent'], 'decline the quote');
      return [
        { type: 'QuoteDeclined', data: { quoteId: quote.quoteId, reason: command.reason, on: command.on } },
      ];
    }
    case 'ExpireQuote': {
      const quote = requireStatus(state, ['draft', 'sent'], 'expire the quote');
      if (command.on <= quote.expiresOn)
        return reject('not-expired', `The quote is valid until ${quote.expiresOn}`, 409);
      return [{ type: 'QuoteExpired', data: { quoteId: quote.quoteId, on: command.on } }];
    }
  }
};

const evolve = (state: QuoteState, event: QuoteEvent): QuoteState => {
  if (event.type === 'QuoteDrafted') {
    const d = event.data;
    return {
      exists: true,
      ...d,
      discountCents: 0,
      discountStatus: 'none',
      totalCents: d.subtotalCents,
      status: 'draft',
    };
  }
  if (!state.exists) return state;
  switch (event.type) {
    case 'QuoteDiscountApplied': {
      const d = event.data;
      return {
        ...state,
        discountCents: d.discountCents,
        discountReason: d.reason,
        discountRequestedBy: d.requestedBy,
        discountStatus: d.requiresApproval ? 'pending' : 'none',
        discountApprovedBy: undefined,
        totalCents: state.subtotalCents - d.discountCents,
      };
    }
    case 'QuoteDiscountApproved':
      return { ...state, discountStatus: 'approved', discountApprovedBy: event.data.approvedBy };
    case 'QuoteSent':
      return { ...state, status: 'sent', sentOn: event.data.on };
    case 'QuoteAccepted':
      return { ...state, status: 'accepted', orderId: event.data.orderId, decidedOn: event.data.on };
    case 'QuoteDeclined':
      return { ...state, status: 'declined', declineReason: event.data.reason, decidedOn: event.data.on };
    case 'QuoteExpired':
      return { ...state, status: 'expired', decidedOn: event.data.on };
  }
};

export const quoteDecider: Decider<QuoteCommand, QuoteState, QuoteEvent> = {
  initialState: { exists: false },
  decide,
  evolve,
};

/** What can be done to a quote, named as the API's quote commands. */
export const QUOTE_ACTIONS = [
  'apply-discount',
  'approve-discount',
  'send',
  'accept',
  'decline',
  'expire',
] as const;
export type QuoteAction = (typeof QUOTE_ACTIONS)[number];

const quoteProbes: Probes<QuoteCommand, QuoteState, QuoteAction> = {
  'apply-discount': (_, { by }) => ({ type: 'ApplyDiscount', discountCents: 0, reason: 'probe', by }),
  // Four eyes: whoever asked for the discount does not see it as theirs to approve.
  'approve-discount': (_, { by }) => ({ type: 'ApproveDiscount', by }),
  send: (_, { today }) => ({ type: 'SendQuote', on: today }),
  accept: (_, { today }) => ({ type: 'AcceptQuote', orderId: '~probe', on: today }),
  decline: (_, { today }) => ({ type: 'DeclineQuote', reason: 'probe', on: today }),
  expire: (_, { today }) => ({ type: 'ExpireQuote', on: today }),
};

/** The quote commands its decider would accept now (before the caller's permissions are considered). */
export const availableQuoteActions = availableBy(quoteDecider, QUOTE_ACTIONS, quoteProbes);
