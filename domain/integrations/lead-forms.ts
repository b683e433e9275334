import { createHash } from 'node:crypto';
import * as z from 'zod';
import { LEAD_CHANNELS } from '../../events/contexts/leads.ts';
import type { LeadCommand } from '../customers/leads.ts';
import { dayOf } from '../shared/days.ts';
import type { ProviderEvent } from './payments.ts';

/** A landing page's form submission (Standard Webhooks; `data.object` as below). */
const Submission = z.object({
  name: z.string().trim().min(1).max(120),
  email: z.string().trim().email().max(254),
  phone: z.string().trim().max(40).optional(),
  channel: z.enum(LEAD_CHANNELS).default('web_form'),
  campaignId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .optional(),
  interestModelId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .optional(),
  marketingConsent: z.boolean().default(false),
  note: z.string().max(2000).optional(),
});

export type LeadFormMapping =
  | {
      kind: 'command';
      leadId: string;
      command: Extract<LeadCommand, { type: 'CaptureLead' }>;
      summary: string;
    }
  | { kind: 'ignored'; detail: string };

/**
 * The lead a form submission becomes. Its id comes from the delivery's id, so processing a delivery
 * again (after a crash between the lead and the delivery's outcome) finds the lead already there.
 */
export const mapLeadForm = (event: ProviderEvent, deliveryId: string): LeadFormMapping => {
  if (event.type !== 'lead.submitted')
    return { kind: 'ignored', detail: `Event type ${event.type} is not one the lead forms template maps` };
  const parsed = Submission.safeParse(event.data.object);
  if (!parsed.success)
    return {
      kind: 'ignored',
      detail: `The submission is not a lead: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    };
  const leadId = `wh${createHash('sha256').update(deliveryId).digest('hex').slice(0, 24)}`;
  const lead = parsed.data;
  return {
    kind: 'command',
    leadId,
    command: { type: 'CaptureLead', leadId, ...lead, on: dayOf(new Date(event.created * 1000)) },
    summary: `Lead ${lead.name} captured from ${lead.channel.replace('_', ' ')}`,
  };
};
