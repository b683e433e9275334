import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  Skeleton,
  Stack,
  Stepper,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import {
  IconBan,
  IconCash,
  IconCashOff,
  IconCreditCard,
  IconHammer,
  IconPackage,
  IconReceiptRefund,
  IconTruckDelivery,
} from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/problem';
import { type ResourceTypes, useRecord } from '../../api/queries';
import type { Order, OrderStage } from '../../api/types';
import { useSession } from '../../app/session';
import { AppModal, type RecordModal, useRecordModal } from '../../components/CommandForm';
import { CustomerName } from '../../components/CustomerName';
import { Fields } from '../../components/Fields';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/ProblemAlert';
import { RecordTimeline } from '../../components/RecordTimeline';
import { StageBadge } from '../../components/StageBadge';
import { Time } from '../../components/Time';
import { offers } from '../../lib/actions';
import { money, PIPELINE, STAGE_LABELS, shortId } from '../../lib/format';
import { CardCheckoutButton } from '../integrations/CardCheckout';
import { StatusBadge } from '../operations/components';
import { BUILD_STATUS, type Look, SHIPMENT_STATUS } from '../operations/format';
import { PAYMENT_KIND_LABELS, PAYMENT_METHOD_LABELS } from '../sales/labels';
import {
  CancelForm,
  DepositForm,
  type OrderAction,
  type StageStep,
  StageStepForm,
  stepLabel,
} from './OrderForms';
import { FailedPaymentForm, RecordPaymentForm, RefundForm } from './PaymentForms';

/** What each open stage waits for (the text beside the step the API offers, if the caller may take it). */
const HINTS: Partial<Record<OrderStage, string>> = {
  quote: 'Waiting for the deposit.',
  deposit_paid: 'Deposit received: the build can start.',
  in_build: 'Being built.',
  ready: 'Built and ready for delivery.',
};

type ForwardStep = Extract<OrderAction, 'pay-deposit'> | StageStep;

/** The forward steps, in pipeline order; the one on offer is the first the order's `actions` list. */
const FORWARD: Record<ForwardStep, ReactNode> = {
  'pay-deposit': <IconCash size={16} aria-hidden />,
  'start-build': <IconHammer size={16} aria-hidden />,
  'complete-build': <IconPackage size={16} aria-hidden />,
  deliver: <IconTruckDelivery size={16} aria-hidden />,
};

const forwardStep = (order: Order): ForwardStep | undefined =>
  (Object.keys(FORWARD) as ForwardStep[]).find((step) => offers(order, step));

const Progress = ({ order }: { order: Order }) => {
  const at = order.stage === 'cancelled' ? (order.cancelledFrom ?? 'quote') : order.stage;
  const index = PIPELINE.indexOf(at);
  return (
    <Stepper
      active={order.stage === 'delivered' ? PIPELINE.length : index}
      size="sm"
      color={order.stage === 'cancelled' ? 'red' : undefined}
      allowNextStepsSelect={false}
      aria-label="Order progress"
    >
      {PIPELINE.map((stage) => (
        <Stepper.Step key={stage} label={STAGE_LABELS[stage]} allowStepSelect={false} />
      ))}
    </Stepper>
  );
};

const Actions = ({ order, onNext, onCancel }: { order: Order; onNext: () => void; onCancel: () => void }) => {
  const next = forwardStep(order);
  const canAdvance = !!next;
  const canCancel = offers(order, 'cancel');
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="next-heading">
      <Title order={2} size="h4" id="next-heading" mb="xs">
        Next step
      </Title>
      <Text size="sm" mb={canAdvance || canCancel ? 'md' : 0}>
        {order.stage === 'delivered'
          ? 'Delivered. Nothing left to do.'
          : order.stage === 'cancelled'
            ? 'This order is cancelled.'
            : HINTS[order.stage]}
      </Text>
      {(canAdvance || canCancel) && (
        <Group gap="sm">
          {canAdvance && next && (
            <Button leftSection={FORWARD[next]} onClick={onNext}>
              {next === 'pay-deposit' ? 'Record deposit' : stepLabel(next)}
            </Button>
          )}
          {canCancel && (
            <Button
              variant="light"
              color="red"
              leftSection={<IconBan size={16} aria-hidden />}
              onClick={onCancel}
            >
              Cancel order
            </Button>
          )}
        </Group>
      )}
    </Card>
  );
};

const QuoteLink = ({ id }: { id: string }) => {
  const { can } = useSession();
  if (!can('quotes:read')) return <>Quote {shortId(id)}</>;
  return (
    <Anchor component={Link} to={`/quotes/${id}`} inherit>
      Quote {shortId(id)}
    </Anchor>
  );
};

/** Every payment attempt and refund, with the commands the role may use. */
const Payments = ({
  order,
  onRecord,
  onFailed,
  onRefund,
}: {
  order: Order;
  onRecord: () => void;
  onFailed: () => void;
  onRefund: () => void;
}) => {
  const canRecord = offers(order, 'record-payment');
  const canFail = offers(order, 'record-failed-payment');
  const canRefund = offers(order, 'refund-payment');
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="payments-heading">
      <Group justify="space-between" mb="md" gap="xs" wrap="wrap">
        <Title order={2} size="h4" id="payments-heading">
          Payments
        </Title>
        <Group gap="xs" wrap="wrap">
          <CardCheckoutButton order={order} />
          {canRecord && (
            <Button size="xs" leftSection={<IconCreditCard size={14} aria-hidden />} onClick={onRecord}>
              Record payment
            </Button>
          )}
          {canFail && (
            <Button
              size="xs"
              variant="default"
              leftSection={<IconCashOff size={14} aria-hidden />}
              onClick={onFailed}
            >
              Record failed payment
            </Button>
          )}
          {canRefund && (
            <Button
              size="xs"
              variant="light"
              color="red"
              leftSection={<IconReceiptRefund size={14} aria-hidden />}
              onClick={onRefund}
            >
              Refund
            </Button>
          )}
        </Group>
      </Group>
      <Text size="sm" mb="sm">
        Received {money(order.paidCents)}
        {order.refundedCents > 0 && `, refunded ${money(order.refundedCents)}`}, kept{' '}
        {money(order.netPaidCents)} of {money(order.totalCents)}.
      </Text>
      {order.payments.length === 0 ? (
        <Text size="sm" c="dimmed">
          No payments yet.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={480}>
          <Table verticalSpacing="xs" aria-labelledby="payments-heading" data-testid="payments">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Payment</Table.Th>
                <Table.Th>Method</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th ta="right">Amount</Table.Th>
                <Table.Th ta="right">Refunded</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {order.payments.map((p) => (
                <Table.Tr key={p.paymentId}>
                  <Table.Td>
                    {PAYMENT_KIND_LABELS[p.kind]}
                    <Text size="xs" c="dimmed">
                      {p.on ?? 'day not recorded'}
                      {p.reason ? ` · ${p.reason}` : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>{PAYMENT_METHOD_LABELS[p.method]}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={p.status === 'received' ? 'green' : 'red'} radius="sm">
                      {p.status === 'received' ? 'Received' : 'Failed'}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right">{money(p.amountCents)}</Table.Td>
                  <Table.Td ta="right">{p.refundedCents ? money(p.refundedCents) : '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {order.refunds.length > 0 && (
        <>
          <Title order={3} size="h5" mt="md" mb="xs" id="refunds-heading">
            Refunds
          </Title>
          <Stack gap={4} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {order.refunds.map((r, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: refunds are append-only and have no id of their own
              <Text key={index} component="li" size="sm">
                {money(r.amountCents)} on {r.on}: {r.reason}
              </Text>
            ))}
          </Stack>
        </>
      )}
    </Card>
  );
};

/**
 * The order's build or shipment, which share the order's id; "Not scheduled" until one exists. Only
 * asked for once the order has gone far enough to have one.
 */
const Related = <K extends 'builds' | 'shipments'>({
  kind,
  orderId,
  enabled,
  look,
}: {
  kind: K;
  orderId: string;
  enabled: boolean;
  look: (record: ResourceTypes[K]) => Look;
}) => {
  const record = useRecord(kind, orderId, enabled);
  if (!enabled || (record.isError && record.error instanceof ApiError && record.error.status === 404))
    return <>Not scheduled</>;
  if (record.isPending) return <>…</>;
  if (record.isError) return <>Could not load</>;
  return (
    <Group gap="xs" wrap="nowrap" component="span">
      <Anchor component={Link} to={`/${kind}/${orderId}`} size="sm">
        {kind === 'builds' ? 'Build' : 'Shipment'} {shortId(orderId)}
      </Anchor>
      <StatusBadge look={look(record.data)} />
    </Group>
  );
};

export default function OrderPage() {
  const id = useParams().id ?? '';
  const order = useRecord('orders', id);
  useDocumentTitle(`Order ${shortId(id)} · Firefly`);
  const next = useRecordModal('orders', order.data);
  const cancel = useRecordModal('orders', order.data);
  const recordPayment = useRecordModal('orders', order.data);
  const failedPayment = useRecordModal('orders', order.data);
  const refund = useRecordModal('orders', order.data);
  const { can } = useSession();
  // The step is fixed when the modal opens, so a refetch behind it cannot swap the form underneath.
  const [step, setStep] = useState<ForwardStep | undefined>();

  if (order.isPending) {
    return (
      <Stack aria-busy="true" aria-label="Loading order">
        <Skeleton height={32} width="40%" />
        <Skeleton height={200} />
      </Stack>
    );
  }
  if (order.isError) {
    return (
      <>
        <PageHeader title="Order" trail={[{ label: 'Orders', to: '/orders' }]} />
        <LoadError error={order.error} onRetry={() => void order.refetch()} what="the order" />
      </>
    );
  }
  const o = order.data;

  return (
    <>
      <PageHeader
        title={
          <Group gap="sm" component="span">
            {o.modelName} order{' '}
            <Text span c="dimmed" fw={400} inherit>
              {shortId(o.id)}
            </Text>
            <span data-testid="order-stage">
              <StageBadge stage={o.stage} />
            </span>
          </Group>
        }
        trail={[{ label: 'Orders', to: '/orders' }]}
      />
      <Stack gap="md">
        <Card withBorder padding="lg">
          <Progress order={o} />
        </Card>
        {o.stage === 'cancelled' && (
          <Alert
            color="red"
            variant="light"
            title={`Cancelled while ${STAGE_LABELS[o.cancelledFrom ?? 'quote'].toLowerCase()}`}
          >
            Reason: {o.cancelReason ?? 'not given'}
          </Alert>
        )}
        <Grid gap="md">
          <Grid.Col span={{ base: 12, lg: 7 }}>
            <Stack gap="md">
              <Actions
                order={o}
                onNext={() => {
                  setStep(forwardStep(o));
                  next.open();
                }}
                onCancel={cancel.open}
              />
              <Card withBorder padding="lg" component="section" aria-labelledby="details-heading">
                <Title order={2} size="h4" id="details-heading" mb="md">
                  Details
                </Title>
                <Fields
                  items={[
                    { label: 'Customer', value: <CustomerName id={o.customerId} /> },
                    {
                      label: 'Model',
                      value: (
                        <Anchor component={Link} to={`/models/${o.modelId}`} size="sm">
                          {o.modelName}
                        </Anchor>
                      ),
                    },
                    {
                      label: 'Options',
                      value: o.options.length
                        ? o.options.map((x) => `${x.name} (${money(x.priceCents)})`).join(', ')
                        : 'None',
                    },
                    {
                      label: 'Total',
                      value: <span data-testid="order-total-value">{money(o.totalCents)}</span>,
                    },
                    ...(o.feesCents > 0 ? [{ label: 'Fees', value: money(o.feesCents) }] : []),
                    ...(o.discountCents > 0 ? [{ label: 'Discount', value: money(o.discountCents) }] : []),
                    { label: 'Paid', value: <span data-testid="order-paid">{money(o.paidCents)}</span> },
                    ...(o.refundedCents > 0
                      ? [
                          {
                            label: 'Refunded',
                            value: <span data-testid="order-refunded">{money(o.refundedCents)}</span>,
                          },
                        ]
                      : []),
                    {
                      label: 'Balance due',
                      value: <span data-testid="order-balance">{money(o.balanceDueCents)}</span>,
                    },
                    {
                      label: 'Quote',
                      value: o.quoteId ? <QuoteLink id={o.quoteId} /> : 'Placed directly',
                    },
                    ...(can('production:read')
                      ? [
                          {
                            label: 'Build',
                            value: (
                              <Related
                                kind="builds"
                                orderId={o.id}
                                enabled={o.stage !== 'quote'}
                                look={(b) => BUILD_STATUS[b.status]}
                              />
                            ),
                          },
                        ]
                      : []),
                    ...(can('delivery:read')
                      ? [
                          {
                            label: 'Shipment',
                            value: (
                              <Related
                                kind="shipments"
                                orderId={o.id}
                                enabled={['ready', 'delivered'].includes(o.stage)}
                                look={(shipment) => SHIPMENT_STATUS[shipment.status]}
                              />
                            ),
                          },
                        ]
                      : []),
                    { label: 'Placed', value: <Time iso={o.createdAt} withAbsolute /> },
                    ...(o.deliveredOn ? [{ label: 'Delivered on', value: o.deliveredOn }] : []),
                    { label: 'Last changed', value: <Time iso={o.updatedAt} withAbsolute /> },
                    { label: 'Version', value: o.version },
                  ]}
                />
              </Card>
              <Payments
                order={o}
                onRecord={recordPayment.open}
                onFailed={failedPayment.open}
                onRefund={refund.open}
              />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 5 }}>
            <RecordTimeline resource="orders" id={o.id} version={o.version} />
          </Grid.Col>
        </Grid>
      </Stack>
      <StepModal order={o} modal={next} step={step} />
      <AppModal opened={cancel.opened} onClose={cancel.close} title="Cancel this order">
        <CancelForm order={o} modal={cancel} />
      </AppModal>
      <AppModal opened={recordPayment.opened} onClose={recordPayment.close} title="Record a payment">
        <RecordPaymentForm order={o} modal={recordPayment} />
      </AppModal>
      <AppModal opened={failedPayment.opened} onClose={failedPayment.close} title="Record a failed payment">
        <FailedPaymentForm order={o} modal={failedPayment} />
      </AppModal>
      <AppModal opened={refund.opened} onClose={refund.close} title="Refund a payment">
        <RefundForm order={o} modal={refund} />
      </AppModal>
    </>
  );
}

const StepModal = ({
  order,
  modal,
  step,
}: {
  order: Order;
  modal: RecordModal;
  step: ForwardStep | undefined;
}) => (
  <AppModal
    opened={modal.opened && !!step}
    onClose={modal.close}
    title={step === 'pay-deposit' ? 'Record the deposit' : step ? stepLabel(step) : ''}
  >
    {step === 'pay-deposit' ? (
      <DepositForm order={order} modal={modal} />
    ) : step ? (
      <StageStepForm order={order} modal={modal} step={step} />
    ) : null}
  </AppModal>
);
