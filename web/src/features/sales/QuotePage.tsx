import { Anchor, Badge, Button, Grid, Group, Stack, Table, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import {
  IconCircleCheck,
  IconClipboardList,
  IconDiscount,
  IconHourglass,
  IconSend,
  IconThumbDown,
  IconThumbUp,
} from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useRecord } from '../../api/queries';
import { useSession } from '../../app/session';
import { AppModal, useRecordModal } from '../../components/CommandForm';
import { CustomerName } from '../../components/CustomerName';
import { Fields } from '../../components/Fields';
import { PageHeader } from '../../components/PageHeader';
import { RecordTimeline } from '../../components/RecordTimeline';
import { Time } from '../../components/Time';
import { offers } from '../../lib/actions';
import { money, shortId } from '../../lib/format';
import {
  Day,
  DetailError,
  DetailLoading,
  ModelName,
  NextStep,
  QuoteStatusBadge,
  Section,
} from './components';
import { DISCOUNT_STATUS_LABELS, LINE_KIND_LABELS } from './labels';
import { DiscountForm, type QuoteStep, QuoteStepForm, quoteStepLabel } from './QuoteForms';
import type { Quote } from './types';

const Lines = ({ quote }: { quote: Quote }) => (
  <Section id="lines-heading" title="Lines">
    <Table.ScrollContainer minWidth={420}>
      <Table verticalSpacing="xs" aria-labelledby="lines-heading">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Item</Table.Th>
            <Table.Th>Kind</Table.Th>
            <Table.Th ta="right">Qty</Table.Th>
            <Table.Th ta="right">Amount</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {quote.lines.map((line) => (
            <Table.Tr key={`${line.kind}-${line.code}`}>
              <Table.Td>{line.description}</Table.Td>
              <Table.Td>{LINE_KIND_LABELS[line.kind]}</Table.Td>
              <Table.Td ta="right">{line.quantity}</Table.Td>
              <Table.Td ta="right">{money(line.quantity * line.unitPriceCents)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr>
            <Table.Th colSpan={3}>Subtotal</Table.Th>
            <Table.Td ta="right">{money(quote.subtotalCents)}</Table.Td>
          </Table.Tr>
          {quote.discountCents > 0 && (
            <Table.Tr>
              <Table.Th colSpan={3}>Discount</Table.Th>
              <Table.Td ta="right">−{money(quote.discountCents)}</Table.Td>
            </Table.Tr>
          )}
          <Table.Tr>
            <Table.Th colSpan={3}>Total</Table.Th>
            <Table.Td ta="right" fw={700} data-testid="quote-total-value">
              {money(quote.totalCents)}
            </Table.Td>
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  </Section>
);

const hint = (q: Quote, ownDiscount: boolean) => {
  switch (q.status) {
    case 'draft':
      if (q.discountStatus === 'pending')
        return ownDiscount
          ? 'The discount you asked for needs approval by someone else before the quote can be sent.'
          : 'The discount needs approval before the quote can be sent.';
      return 'Draft: adjust the discount if needed, then send it to the customer.';
    case 'sent':
      return `Sent: waiting for the customer's answer (valid until ${q.expiresOn}).`;
    case 'accepted':
      return 'Accepted: the order was placed from this quote.';
    case 'declined':
      return `Declined: ${q.declineReason ?? 'no reason given'}.`;
    case 'expired':
      return 'Expired without an answer.';
  }
};

export default function QuotePage() {
  const id = useParams().id ?? '';
  const quote = useRecord('quotes', id);
  useDocumentTitle(`Quote ${shortId(id)} · Firefly`);
  const { can, me } = useSession();
  const navigate = useNavigate();
  const discount = useRecordModal('quotes', quote.data);
  const stepModal = useRecordModal('quotes', quote.data);
  // The step is fixed when the modal opens, so a refetch behind it cannot swap the form underneath.
  const [step, setStep] = useState<QuoteStep | undefined>();

  if (quote.isPending) return <DetailLoading what="quote" />;
  if (quote.isError) {
    return (
      <DetailError
        title="Quote"
        trail={{ label: 'Quotes', to: '/quotes' }}
        error={quote.error}
        onRetry={() => void quote.refetch()}
        what="the quote"
      />
    );
  }
  const q = quote.data;
  const ownDiscount = !!me && q.discountRequestedBy === me.id;
  // The API keeps user ids; the history shows their emails.
  const who = (userId: string | undefined) => (!userId ? '—' : userId === me?.id ? 'You' : userId);
  const run = (next: QuoteStep) => {
    setStep(next);
    stepModal.open();
  };
  const stepButton = (next: QuoteStep, icon: ReactNode, variant = 'filled', color?: string) => (
    <Button key={next} leftSection={icon} variant={variant} color={color} onClick={() => run(next)}>
      {quoteStepLabel(next)}
    </Button>
  );

  return (
    <>
      <PageHeader
        title={
          <Group gap="sm" component="span">
            {q.modelName} quote{' '}
            <Text span c="dimmed" fw={400} inherit>
              {shortId(q.id)}
            </Text>
            <span data-testid="quote-status">
              <QuoteStatusBadge status={q.status} />
            </span>
          </Group>
        }
        trail={[{ label: 'Quotes', to: '/quotes' }]}
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="md">
            <NextStep
              hint={hint(q, ownDiscount)}
              actions={[
                q.orderId && can('orders:read') && (
                  <Button
                    key="order"
                    component={Link}
                    to={`/orders/${q.orderId}`}
                    leftSection={<IconClipboardList size={16} aria-hidden />}
                  >
                    Open order
                  </Button>
                ),
                offers(q, 'send') && stepButton('send', <IconSend size={16} aria-hidden />),
                offers(q, 'approve-discount') &&
                  stepButton('approve-discount', <IconCircleCheck size={16} aria-hidden />),
                offers(q, 'accept') && stepButton('accept', <IconThumbUp size={16} aria-hidden />),
                offers(q, 'apply-discount') && (
                  <Button
                    key="discount"
                    variant="default"
                    leftSection={<IconDiscount size={16} aria-hidden />}
                    onClick={discount.open}
                  >
                    {q.discountCents > 0 ? 'Change discount' : 'Apply discount'}
                  </Button>
                ),
                offers(q, 'decline') &&
                  stepButton('decline', <IconThumbDown size={16} aria-hidden />, 'light', 'red'),
                offers(q, 'expire') &&
                  stepButton('expire', <IconHourglass size={16} aria-hidden />, 'light', 'orange'),
              ]}
            />
            <Section id="details-heading" title="Details">
              <Fields
                items={[
                  { label: 'Customer', value: <CustomerName id={q.customerId} /> },
                  { label: 'Model', value: <ModelName id={q.modelId} name={q.modelName} /> },
                  { label: 'Total', value: money(q.totalCents) },
                  { label: 'Valid until', value: <Day day={q.expiresOn} /> },
                  { label: 'Sent on', value: <Day day={q.sentOn} /> },
                  { label: 'Decided on', value: <Day day={q.decidedOn} /> },
                  ...(q.declineReason ? [{ label: 'Declined because', value: q.declineReason }] : []),
                  {
                    label: 'Order',
                    value: q.orderId ? (
                      can('orders:read') ? (
                        <Anchor component={Link} to={`/orders/${q.orderId}`} inherit>
                          Order {shortId(q.orderId)}
                        </Anchor>
                      ) : (
                        `Order ${shortId(q.orderId)}`
                      )
                    ) : (
                      'None yet'
                    ),
                  },
                  { label: 'Drawn up', value: <Time iso={q.createdAt} withAbsolute /> },
                  { label: 'Last changed', value: <Time iso={q.updatedAt} withAbsolute /> },
                  { label: 'Version', value: q.version },
                ]}
              />
              <Text size="sm" mt="md">
                <Anchor component={Link} to={`/quotes?customerId=${q.customerId}`}>
                  Other quotes for this customer
                </Anchor>
              </Text>
            </Section>
            <Lines quote={q} />
            <Section id="discount-heading" title="Discount">
              {q.discountCents === 0 && q.discountStatus === 'none' ? (
                <Text size="sm" c="dimmed">
                  No discount.
                </Text>
              ) : (
                <Fields
                  items={[
                    {
                      label: 'Amount',
                      value: <span data-testid="quote-discount">{money(q.discountCents)}</span>,
                    },
                    { label: 'Reason', value: q.discountReason ?? '—' },
                    {
                      label: 'Approval',
                      value: (
                        <Badge
                          variant="light"
                          color={
                            q.discountStatus === 'pending'
                              ? 'orange'
                              : q.discountStatus === 'approved'
                                ? 'green'
                                : 'gray'
                          }
                          data-testid="discount-status"
                        >
                          {DISCOUNT_STATUS_LABELS[q.discountStatus]}
                        </Badge>
                      ),
                    },
                    { label: 'Asked for by', value: who(q.discountRequestedBy) },
                    { label: 'Approved by', value: who(q.discountApprovedBy) },
                  ]}
                />
              )}
            </Section>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <RecordTimeline resource="quotes" id={q.id} version={q.version} />
        </Grid.Col>
      </Grid>
      <AppModal opened={discount.opened} onClose={discount.close} title="Discount this quote">
        <DiscountForm quote={q} modal={discount} />
      </AppModal>
      <AppModal
        opened={stepModal.opened && !!step}
        onClose={stepModal.close}
        title={step ? quoteStepLabel(step) : ''}
      >
        {step && (
          <QuoteStepForm
            quote={q}
            modal={stepModal}
            step={step}
            onAccepted={(orderId) => navigate(`/orders/${orderId}`)}
          />
        )}
      </AppModal>
    </>
  );
}
