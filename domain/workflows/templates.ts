import type { Step, WorkflowDefinition } from '../../events/contexts/workflows.ts';
import type { GRANTABLE_PERMISSIONS } from './workflows.ts';

/**
 * Workflow templates (issue 12's six): ready-made definitions a person drafts in one click and then
 * adjusts in the builder. Each uses only events, fields and API operations that exist; where an event
 * lacks what the story needs, the nearest real design is said beside it.
 */
export const TEMPLATE_CATEGORIES = ['sales', 'operations', 'customers'] as const;

export interface WorkflowTemplate {
  id: string;
  name: string;
  description: string;
  category: (typeof TEMPLATE_CATEGORIES)[number];
  definition: WorkflowDefinition;
  /** What its command steps need at publish (none for lookups, emails and tasks). */
  permissions: (typeof GRANTABLE_PERMISSIONS)[number][];
}

type Placed<S> = S extends unknown ? Omit<S, 'position'> : never;

/** Lays steps out top to bottom on the canvas, in the order they run. */
const laidOut = (steps: Placed<Step>[]): Step[] =>
  steps.map((step, row) => ({ ...step, position: { x: 0, y: row * 130 } }) as Step);

const depositReminder: WorkflowTemplate = {
  id: 'deposit-reminder',
  name: 'Deposit reminder',
  description:
    'A week after a quote is accepted, if the order still has no deposit, emails the customer a reminder and gives a manager a follow-up task.',
  category: 'sales',
  permissions: [],
  definition: {
    trigger: { kind: 'event', eventType: 'QuoteAccepted' },
    start: 'wait-week',
    steps: laidOut([
      { id: 'wait-week', name: 'Wait 7 days', kind: 'wait', for: { amount: 7, unit: 'days' }, next: 'order' },
      {
        id: 'order',
        name: 'Look up the order',
        kind: 'lookup',
        record: 'order',
        recordId: { path: '$.trigger.data.orderId' },
        as: 'order',
        next: 'no-deposit',
      },
      {
        // An order placed from a quote stays at stage `quote` until its deposit is paid.
        id: 'no-deposit',
        name: 'No deposit yet?',
        kind: 'condition',
        when: { field: '$.vars.order.stage', op: 'equals', value: 'quote' },
        ifTrue: 'customer',
      },
      {
        id: 'customer',
        name: 'Look up the customer',
        kind: 'lookup',
        record: 'customer',
        recordId: { path: '$.vars.order.customerId' },
        as: 'customer',
        next: 'remind',
      },
      {
        id: 'remind',
        name: 'Email the customer',
        kind: 'email',
        to: { address: { path: '$.vars.customer.email' } },
        subject: 'Your deposit for order {{$.vars.order.id}}',
        body: 'Hello {{$.vars.customer.name}},\n\nThank you for accepting our quote for your {{$.vars.order.modelName}}. We have not received your deposit yet: once it arrives we reserve your build slot.\n\nIf you have questions, just reply to this email.',
        next: 'call',
      },
      {
        id: 'call',
        name: 'Task: call about the deposit',
        kind: 'task',
        role: 'manager',
        title: 'Call {{$.vars.customer.name}} about the deposit',
        details: 'Order {{$.vars.order.id}} has had no deposit for 7 days since its quote was accepted.',
        dueInDays: 2,
        link: '/orders/{{$.vars.order.id}}',
      },
    ]),
  },
};

/**
 * The catalog has no "low stock" event: stock falls when it is adjusted (damage, loss, a count), so the
 * template listens for adjustments that take stock away and checks the item's own `needsReorder`.
 */
const lowStockReorder: WorkflowTemplate = {
  id: 'low-stock-reorder',
  name: 'Low stock: reorder',
  description:
    'When stock taken away leaves an item at or below its reorder point, orders its reorder quantity from its preferred supplier and emails the managers.',
  category: 'operations',
  permissions: ['purchasing:write'],
  definition: {
    trigger: {
      kind: 'event',
      eventType: 'StockAdjusted',
      when: { field: '$.trigger.data.delta', op: 'lessThan', value: 0 },
    },
    start: 'item',
    steps: laidOut([
      {
        id: 'item',
        name: 'Look up the item',
        kind: 'lookup',
        record: 'item',
        recordId: { path: '$.trigger.data.itemId' },
        as: 'item',
        next: 'low',
      },
      {
        id: 'low',
        name: 'At or below its reorder point?',
        kind: 'condition',
        when: { field: '$.vars.item.needsReorder', op: 'equals', value: true },
        ifTrue: 'reorder',
      },
      {
        id: 'reorder',
        name: 'Order from the preferred supplier',
        kind: 'command',
        operation: 'postApiItemsIdReorder',
        params: { id: { path: '$.trigger.data.itemId' } },
        body: {},
        next: 'tell-manager',
        onError: 'on-order',
      },
      {
        id: 'on-order',
        name: 'Already on order?',
        kind: 'condition',
        // The reorder is refused while an order for the item is open: nothing to do, nothing to tell.
        when: { field: '$.errors.reorder.Cause', op: 'matches', value: 'already-on-order*' },
        ifFalse: 'tell-failed',
      },
      {
        id: 'tell-failed',
        name: 'Tell the managers it failed',
        kind: 'email',
        to: { role: 'manager' },
        subject: 'Could not reorder {{$.vars.item.name}}',
        body: '{{$.vars.item.name}} ({{$.vars.item.sku}}) is at or below its reorder point, but ordering it failed: {{$.errors.reorder.Cause}}\n\nPlease order it by hand.',
      },
      {
        id: 'tell-manager',
        name: 'Email the managers',
        kind: 'email',
        to: { role: 'manager' },
        subject: 'Reordered {{$.vars.item.name}}',
        body: '{{$.vars.item.name}} ({{$.vars.item.sku}}) fell to {{$.vars.item.available}} available, at or below its reorder point of {{$.vars.item.reorderPoint}}.\n\nPurchase order {{$.steps.reorder.id}} for {{$.vars.item.reorderQuantity}} was placed with its preferred supplier, expected on {{$.steps.reorder.expectedOn}}.',
      },
    ]),
  },
};

const newLeadWelcome: WorkflowTemplate = {
  id: 'new-lead-welcome',
  name: 'New lead: welcome and follow up',
  description:
    'Emails a new lead a welcome, then two days later gives a manager a follow-up task unless the lead has moved on.',
  category: 'customers',
  permissions: [],
  definition: {
    trigger: { kind: 'event', eventType: 'LeadCaptured' },
    start: 'welcome',
    steps: laidOut([
      {
        id: 'welcome',
        name: 'Welcome email',
        kind: 'email',
        to: { address: { path: '$.trigger.data.email' } },
        subject: 'Thank you for your interest, {{$.trigger.data.name}}',
        body: 'Hello {{$.trigger.data.name}},\n\nThank you for getting in touch. One of our team will call you in the next couple of days to talk about the home you have in mind.',
        next: 'wait-two-days',
      },
      {
        id: 'wait-two-days',
        name: 'Wait 2 days',
        kind: 'wait',
        for: { amount: 2, unit: 'days' },
        next: 'lead',
      },
      {
        id: 'lead',
        name: 'Look up the lead',
        kind: 'lookup',
        record: 'lead',
        recordId: { path: '$.trigger.data.leadId' },
        as: 'lead',
        next: 'still-open',
      },
      {
        id: 'still-open',
        name: 'Not converted or disqualified?',
        kind: 'condition',
        when: {
          not: {
            any: [
              { field: '$.vars.lead.status', op: 'equals', value: 'converted' },
              { field: '$.vars.lead.status', op: 'equals', value: 'disqualified' },
            ],
          },
        },
        ifTrue: 'follow-up',
      },
      {
        id: 'follow-up',
        name: 'Task: follow up',
        kind: 'task',
        role: 'manager',
        title: 'Follow up with {{$.trigger.data.name}}',
        details: 'New lead from {{$.trigger.data.channel}} two days ago: {{$.trigger.data.email}}',
        dueInDays: 1,
        link: '/leads/{{$.trigger.data.leadId}}',
      },
    ]),
  },
};

/**
 * A build's completion says only its order; the carrier and the destination are the business's own
 * (customers have no address on record), so the template books its usual carrier with the destination
 * to confirm, on the delivery API's default day, and tells the customer the day.
 */
const buildCompletedDelivery: WorkflowTemplate = {
  id: 'build-completed-delivery',
  name: 'Build completed: book delivery',
  description:
    'When a build is completed, books its delivery with your carrier and emails the customer the delivery day.',
  category: 'operations',
  permissions: ['delivery:write'],
  definition: {
    trigger: { kind: 'event', eventType: 'BuildCompleted' },
    start: 'book',
    steps: laidOut([
      {
        id: 'book',
        name: 'Book delivery',
        kind: 'command',
        operation: 'postApiShipments',
        body: {
          orderId: { path: '$.trigger.data.orderId' },
          carrier: { value: 'Our carrier' },
          destination: { value: "The customer's site (to confirm)" },
        },
        next: 'order',
      },
      {
        id: 'order',
        name: 'Look up the order',
        kind: 'lookup',
        record: 'order',
        recordId: { path: '$.trigger.data.orderId' },
        as: 'order',
        next: 'customer',
      },
      {
        id: 'customer',
        name: 'Look up the customer',
        kind: 'lookup',
        record: 'customer',
        recordId: { path: '$.vars.order.customerId' },
        as: 'customer',
        next: 'tell-customer',
      },
      {
        id: 'tell-customer',
        name: 'Email the customer',
        kind: 'email',
        to: { address: { path: '$.vars.customer.email' } },
        subject: 'Your {{$.vars.order.modelName}} is ready: delivery on {{$.steps.book.scheduledFor}}',
        body: 'Hello {{$.vars.customer.name}},\n\nYour {{$.vars.order.modelName}} is complete. We have booked its delivery for {{$.steps.book.scheduledFor}}; we will call you to confirm the site and the time.',
      },
    ]),
  },
};

/**
 * "Still unpaid" is read from the order's balance due three days later: the failed payment's own record
 * stays failed, and a payment that arrives since lowers the balance.
 */
const paymentFailedReminders: WorkflowTemplate = {
  id: 'payment-failed-reminders',
  name: 'Payment failed: reminders',
  description:
    'When a payment fails, emails the customer at once; three days later, if the order still has a balance due, emails again and gives a manager a task.',
  category: 'sales',
  permissions: [],
  definition: {
    trigger: { kind: 'event', eventType: 'PaymentFailed' },
    start: 'order',
    steps: laidOut([
      {
        id: 'order',
        name: 'Look up the order',
        kind: 'lookup',
        record: 'order',
        recordId: { path: '$.trigger.data.orderId' },
        as: 'order',
        next: 'customer',
      },
      {
        id: 'customer',
        name: 'Look up the customer',
        kind: 'lookup',
        record: 'customer',
        recordId: { path: '$.vars.order.customerId' },
        as: 'customer',
        next: 'first-notice',
      },
      {
        id: 'first-notice',
        name: 'Email the customer',
        kind: 'email',
        to: { address: { path: '$.vars.customer.email' } },
        subject: 'Your payment for order {{$.trigger.data.orderId}} did not go through',
        body: 'Hello {{$.vars.customer.name}},\n\nYour payment ({{$.trigger.data.method}}) for order {{$.trigger.data.orderId}} was declined: {{$.trigger.data.reason}}. Nothing was collected. Please try again or choose another way to pay.',
        next: 'wait-three-days',
      },
      {
        id: 'wait-three-days',
        name: 'Wait 3 days',
        kind: 'wait',
        for: { amount: 3, unit: 'days' },
        next: 'latest',
      },
      {
        id: 'latest',
        name: 'Look up the order again',
        kind: 'lookup',
        record: 'order',
        recordId: { path: '$.trigger.data.orderId' },
        as: 'latest',
        next: 'still-due',
      },
      {
        id: 'still-due',
        name: 'Still a balance due?',
        kind: 'condition',
        when: { field: '$.vars.latest.balanceDueCents', op: 'greaterThan', value: 0 },
        ifTrue: 'second-notice',
      },
      {
        id: 'second-notice',
        name: 'Email a reminder',
        kind: 'email',
        to: { address: { path: '$.vars.customer.email' } },
        subject: 'Reminder: payment for order {{$.trigger.data.orderId}}',
        body: 'Hello {{$.vars.customer.name}},\n\nA reminder that your payment for order {{$.trigger.data.orderId}} failed three days ago and the order still has a balance due. Please get in touch if we can help.',
        next: 'call',
      },
      {
        id: 'call',
        name: 'Task: call about the payment',
        kind: 'task',
        role: 'manager',
        title: 'Call {{$.vars.customer.name}} about a failed payment',
        details:
          'Order {{$.trigger.data.orderId}}: a payment failed three days ago ({{$.trigger.data.reason}}) and a balance is still due.',
        dueInDays: 1,
        link: '/orders/{{$.trigger.data.orderId}}',
      },
    ]),
  },
};

const damageClaimFiled: WorkflowTemplate = {
  id: 'damage-claim-filed',
  name: 'Damage claim filed',
  description:
    'When damage in transit is claimed against a carrier, gives a manager a task to follow the claim and emails the owners a note.',
  category: 'operations',
  permissions: [],
  definition: {
    trigger: { kind: 'event', eventType: 'DamageClaimFiled' },
    start: 'follow-claim',
    steps: laidOut([
      {
        id: 'follow-claim',
        name: 'Task: follow the claim',
        kind: 'task',
        role: 'manager',
        title: 'Follow the damage claim on shipment {{$.trigger.data.shipmentId}}',
        details:
          '{{$.trigger.data.description}} (claimed {{$.trigger.data.amountCents}} cents on {{$.trigger.data.on}})',
        dueInDays: 3,
        link: '/shipments/{{$.trigger.data.shipmentId}}',
        next: 'tell-owner',
      },
      {
        id: 'tell-owner',
        name: 'Note to the owners',
        kind: 'email',
        to: { role: 'owner' },
        subject: 'Damage claim filed on shipment {{$.trigger.data.shipmentId}}',
        body: 'A damage claim was filed against the carrier on {{$.trigger.data.on}} for shipment {{$.trigger.data.shipmentId}}:\n\n{{$.trigger.data.description}}\n\nAmount claimed: {{$.trigger.data.amountCents}} cents. A manager has a task to follow it.',
      },
    ]),
  },
};

export const WORKFLOW_TEMPLATES: readonly WorkflowTemplate[] = [
  depositReminder,
  lowStockReorder,
  newLeadWelcome,
  buildCompletedDelivery,
  paymentFailedReminders,
  damageClaimFiled,
];

export const workflowTemplate = (id: string): WorkflowTemplate | undefined =>
  WORKFLOW_TEMPLATES.find((t) => t.id === id);
