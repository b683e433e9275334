import type { DomainEventRecord } from '../api/types';
import { operationsEventDetails } from './event-details/operations';
import { salesEventDetails } from './event-details/sales';
import type { EventDetails } from './event-details/types';
import { money, STAGE_LABELS } from './format';

/** Describers for the contexts beyond the first slice, each kept beside its feature's vocabulary. */
const more: EventDetails = { ...salesEventDetails, ...operationsEventDetails };

/** "DepositPaid" → "Deposit paid". */
export const humaniseType = (type: string): string => {
  const words = type.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

interface OptionLike {
  code?: unknown;
  name?: unknown;
  priceCents?: unknown;
}
const optionText = (option: OptionLike) => {
  const price = num(option.priceCents);
  return `${str(option.name) ?? str(option.code) ?? 'option'}${price === undefined ? '' : ` (${money(price)})`}`;
};
const optionsText = (value: unknown): string | undefined => {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  return (value as OptionLike[]).map(optionText).join(', ');
};

/**
 * The facts worth reading in an event's data, per event type. Unknown types (added later by the
 * backend) fall back to their scalar fields, so the timeline never breaks on a new event.
 */
export const eventDetails = (event: DomainEventRecord): string[] => {
  const d = event.data;
  const parts = (...values: (string | undefined | false)[]) => values.filter((v): v is string => !!v);
  switch (event.type) {
    case 'ModelCreated':
      return parts(
        str(d.name),
        num(d.basePriceCents) !== undefined && `base price ${money(num(d.basePriceCents)!)}`,
        optionsText(d.options) && `options: ${optionsText(d.options)}`,
      );
    case 'ModelRepriced':
      return parts(num(d.basePriceCents) !== undefined && `base price now ${money(num(d.basePriceCents)!)}`);
    case 'ModelOptionSet':
      return parts(
        typeof d.option === 'object' && d.option !== null && `option ${optionText(d.option as OptionLike)}`,
      );
    case 'ModelRetired':
      return ['no longer available to order'];
    case 'CustomerRegistered':
      return parts(
        str(d.name),
        str(d.email),
        str(d.phone),
        d.marketingConsent === true ? 'agreed to marketing' : 'no marketing consent',
      );
    case 'CustomerDetailsChanged':
      return parts(
        str(d.name) && `name → ${str(d.name)}`,
        str(d.email) && `email → ${str(d.email)}`,
        str(d.phone) && `phone → ${str(d.phone)}`,
        typeof d.marketingConsent === 'boolean' &&
          `marketing consent ${d.marketingConsent ? 'given' : 'withdrawn'}`,
      );
    case 'OrderPlaced':
      return parts(
        str(d.modelName),
        num(d.totalCents) !== undefined && `total ${money(num(d.totalCents)!)}`,
        optionsText(d.options) && `with ${optionsText(d.options)}`,
      );
    case 'DepositPaid':
      return parts(
        num(d.amountCents) !== undefined && `${money(num(d.amountCents)!)} received`,
        str(d.reference) && `reference ${str(d.reference)}`,
      );
    case 'BuildStarted':
      return [`stage → ${STAGE_LABELS.in_build}`];
    case 'BuildCompleted':
      return [`stage → ${STAGE_LABELS.ready}`];
    case 'OrderDelivered':
      return [`stage → ${STAGE_LABELS.delivered}`];
    case 'OrderCancelled':
      return parts(str(d.reason) && `reason: ${str(d.reason)}`);
    default: {
      const describe = more[event.type];
      if (describe) return parts(...describe(d));
      return Object.entries(d)
        .filter(
          ([key, value]) => !key.endsWith('Id') && ['string', 'number', 'boolean'].includes(typeof value),
        )
        .map(([key, value]) => `${key}: ${String(value)}`);
    }
  }
};
