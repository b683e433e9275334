import {
  Alert,
  Anchor,
  Button,
  Card,
  Grid,
  Group,
  Skeleton,
  Stack,
  Stepper,
  Text,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconBan, IconCash, IconHammer, IconPackage, IconTruckDelivery } from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useRecord } from '../../api/queries';
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
import { money, PIPELINE, STAGE_LABELS, shortId } from '../../lib/format';
import { CancelForm, DepositForm, type StageStep, StageStepForm, stepLabel } from './OrderForms';

/** The one forward step each stage allows; cancelling is separate. */
const NEXT: Partial<Record<OrderStage, { step: 'deposit' | StageStep; icon: ReactNode; hint: string }>> = {
  quote: { step: 'deposit', icon: <IconCash size={16} aria-hidden />, hint: 'Waiting for the deposit.' },
  deposit_paid: {
    step: 'start-build',
    icon: <IconHammer size={16} aria-hidden />,
    hint: 'Deposit received: the build can start.',
  },
  in_build: { step: 'complete-build', icon: <IconPackage size={16} aria-hidden />, hint: 'Being built.' },
  ready: {
    step: 'deliver',
    icon: <IconTruckDelivery size={16} aria-hidden />,
    hint: 'Built and ready for delivery.',
  },
};

const CANCELLABLE: OrderStage[] = ['quote', 'deposit_paid', 'in_build', 'ready'];

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
  const { can } = useSession();
  const next = NEXT[order.stage];
  const canAdvance = !!next && can('orders:write');
  const canCancel = CANCELLABLE.includes(order.stage) && can('orders:cancel');
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
            : next?.hint}
      </Text>
      {(canAdvance || canCancel) && (
        <Group gap="sm">
          {canAdvance && next && (
            <Button leftSection={next.icon} onClick={onNext}>
              {next.step === 'deposit' ? 'Record deposit' : stepLabel(next.step)}
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

export default function OrderPage() {
  const id = useParams().id ?? '';
  const order = useRecord('orders', id);
  useDocumentTitle(`Order ${shortId(id)} · Firefly`);
  const next = useRecordModal('orders', order.data);
  const cancel = useRecordModal('orders', order.data);
  // The step is fixed when the modal opens, so a refetch behind it cannot swap the form underneath.
  const [step, setStep] = useState<'deposit' | StageStep | undefined>();

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
  const balance = o.stage === 'cancelled' ? 0 : Math.max(0, o.totalCents - o.paidCents);

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
                  setStep(NEXT[o.stage]?.step);
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
                    { label: 'Paid', value: money(o.paidCents) },
                    { label: 'Balance due', value: money(balance) },
                    { label: 'Placed', value: <Time iso={o.createdAt} withAbsolute /> },
                    { label: 'Last changed', value: <Time iso={o.updatedAt} withAbsolute /> },
                    { label: 'Version', value: o.version },
                  ]}
                />
              </Card>
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
  step: 'deposit' | StageStep | undefined;
}) => (
  <AppModal
    opened={modal.opened && !!step}
    onClose={modal.close}
    title={step === 'deposit' ? 'Record the deposit' : step ? stepLabel(step) : ''}
  >
    {step === 'deposit' ? (
      <DepositForm order={order} modal={modal} />
    ) : step ? (
      <StageStepForm order={order} modal={modal} step={step} />
    ) : null}
  </AppModal>
);
