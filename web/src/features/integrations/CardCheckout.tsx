import { Button, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { IconCreditCardPay } from '@tabler/icons-react';
import { useState } from 'react';
import { useRecordList } from '../../api/queries';
import type { Order } from '../../api/types';
import { useSession } from '../../app/session';
import { AppModal, CommandForm } from '../../components/CommandForm';
import { MoneyInput } from '../../components/MoneyInput';
import { fromCents, money, toCents } from '../../lib/format';
import { useFormCommand } from '../../lib/useCommand';
import { integrationsApi } from './api';
import type { Integration } from './types';

const CheckoutForm = ({
  order,
  integration,
  onCancel,
}: {
  order: Order;
  integration: Integration;
  onCancel: () => void;
}) => {
  const [leaving, setLeaving] = useState(false);
  const form = useForm({
    mode: 'controlled',
    initialValues: { amount: fromCents(order.balanceDueCents) as number | string },
    validate: {
      amount: (v) => {
        const cents = toCents(v);
        if (!cents) return 'Enter the amount to charge';
        return cents > order.balanceDueCents ? `At most ${money(order.balanceDueCents)} is due` : null;
      },
    },
  });
  const command = useFormCommand(form, {
    resource: 'orders',
    // The checkout is not a change of the order: the payment lands when the provider's webhook arrives.
    send: async (values, key) => {
      const checkout = await integrationsApi.checkout(
        integration.id,
        { orderId: order.id, amountCents: toCents(values.amount), returnUrl: window.location.href },
        key,
      );
      setLeaving(true);
      window.location.assign(checkout.url);
      return order;
    },
    success: () => `Opening ${integration.name}'s checkout`,
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values))}
      onCancel={onCancel}
      submitLabel={leaving ? 'Opening checkout…' : 'Continue to checkout'}
      command={{ ...command, pending: command.pending || leaving }}
    >
      <Text size="sm">
        The customer pays on {integration.name}'s secure page. The payment appears on this order when the
        provider confirms it, usually within seconds.
      </Text>
      <MoneyInput label="Amount" required {...form.getInputProps('amount')} />
    </CommandForm>
  );
};

/**
 * "Take card payment": shown when a payments integration is connected and active, the person may take
 * payments, and something is due. The order's own commands are unchanged; this only opens the checkout.
 */
export const CardCheckoutButton = ({ order }: { order: Order }) => {
  const { can } = useSession();
  const allowed = can('payments:write') && can('integrations:read');
  const payments = useRecordList('integrations', { template: 'stripe-payments', status: 'active' }, allowed);
  const [opened, modal] = useDisclosure();
  const integration = payments.data?.pages[0]?.items[0];
  if (!allowed || !integration || order.stage === 'cancelled' || order.balanceDueCents <= 0) return null;
  return (
    <>
      <Button
        size="xs"
        variant="light"
        leftSection={<IconCreditCardPay size={14} aria-hidden />}
        onClick={modal.open}
      >
        Take card payment
      </Button>
      <AppModal opened={opened} onClose={modal.close} title="Take a card payment">
        <CheckoutForm order={order} integration={integration} onCancel={modal.close} />
      </AppModal>
    </>
  );
};
