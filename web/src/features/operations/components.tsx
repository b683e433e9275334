import {
  Anchor,
  Badge,
  Card,
  Group,
  Skeleton,
  Stack,
  Text,
  TextInput,
  type TextInputProps,
  Title,
} from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useRecord } from '../../api/queries';
import type { Permission } from '../../api/types';
import { useSession } from '../../app/session';
import { ChoiceSelect, useChoices } from '../../components/ChoiceSelect';
import { useParam } from '../../components/ListView';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/ProblemAlert';
import { shortId } from '../../lib/format';
import { dayText, type Look, stockLevel } from './format';
import type { Item, Supplier } from './types';

/** A status in words and colour (colour never carries the meaning alone). */
export const StatusBadge = ({ look, testId }: { look: Look; testId?: string }) => (
  <Badge color={look.color} variant="light" radius="sm" data-testid={testId}>
    {look.label}
  </Badge>
);

/** "Below reorder point" (or "At reorder point") when what is free to promise has fallen that far. */
export const StockBadge = ({ item }: { item: Pick<Item, 'onHand' | 'reserved' | 'reorderPoint'> }) => {
  const level = stockLevel(item);
  if (level === 'ok') return null;
  return (
    <Badge color={level === 'below' ? 'red' : 'orange'} variant="light" radius="sm" data-testid="stock-badge">
      {level === 'below' ? 'Below reorder point' : 'At reorder point'}
    </Badge>
  );
};

/** A calendar day (YYYY-MM-DD) in words, with the machine-readable day in the markup. */
export const Day = ({ day }: { day: string | undefined }) =>
  day ? <time dateTime={day}>{dayText(day)}</time> : <>—</>;

/** A date field giving the API's YYYY-MM-DD (the browser's own date picker). */
export const DayField = (props: TextInputProps) => (
  <TextInput type="date" w={{ base: '100%', xs: 200 }} {...props} />
);

/**
 * A link to another record by id, named by one field of it. Each record is one cached query, so a list
 * naming the same records costs one request per distinct record. Without read permission, the id only.
 */
const RecordLink = ({
  id,
  to,
  permission,
  name,
  fallback,
  link = true,
}: {
  id: string;
  to: string;
  permission: Permission;
  name: string | undefined;
  fallback: string;
  link?: boolean;
}) => {
  const { can } = useSession();
  const label = name ?? `${fallback} ${shortId(id)}`;
  if (!link || !can(permission)) return <>{label}</>;
  return (
    <Anchor component={Link} to={to} inherit>
      {label}
    </Anchor>
  );
};

export const SupplierName = ({ id, link = true }: { id: string; link?: boolean }) => {
  const { can } = useSession();
  const allowed = can('purchasing:read');
  const supplier = useRecord('suppliers', id, allowed);
  if (allowed && supplier.isPending) return <Skeleton height={12} width={100} display="inline-block" />;
  return (
    <RecordLink
      id={id}
      to={`/suppliers/${id}`}
      permission="purchasing:read"
      name={supplier.data?.name}
      fallback="Supplier"
      link={link}
    />
  );
};

export const ItemName = ({ id, link = true }: { id: string; link?: boolean }) => {
  const { can } = useSession();
  const allowed = can('inventory:read');
  const item = useRecord('items', id, allowed);
  if (allowed && item.isPending) return <Skeleton height={12} width={100} display="inline-block" />;
  return (
    <RecordLink
      id={id}
      to={`/inventory/${id}`}
      permission="inventory:read"
      name={item.data ? `${item.data.name} (${item.data.sku})` : undefined}
      fallback="Item"
      link={link}
    />
  );
};

/** An order by id; builds and shipments share their order's id. */
export const OrderLink = ({ id, label }: { id: string; label?: string }) => {
  const { can } = useSession();
  const text = label ?? `Order ${shortId(id)}`;
  if (!can('orders:read')) return <>{text}</>;
  return (
    <Anchor component={Link} to={`/orders/${id}`} inherit>
      {text}
    </Anchor>
  );
};

/** The page while its record loads, or why it could not. */
export const DetailState = ({
  what,
  title,
  trail,
  error,
  onRetry,
}: {
  what: string;
  title: string;
  trail: { label: string; to: string };
  error?: unknown;
  onRetry?: () => void;
}) =>
  error ? (
    <>
      <PageHeader title={title} trail={[trail]} />
      <LoadError error={error} onRetry={() => onRetry?.()} what={what} />
    </>
  ) : (
    <Stack aria-busy="true" aria-label={`Loading ${what}`}>
      <Skeleton height={32} width="40%" />
      <Skeleton height={200} />
    </Stack>
  );

/** A titled card on a detail page; its heading labels the region. */
export const Section = ({
  id,
  title,
  actions,
  children,
}: {
  id: string;
  title: string;
  actions?: ReactNode;
  children: ReactNode;
}) => (
  <Card withBorder padding="lg" component="section" aria-labelledby={`${id}-heading`}>
    <Group justify="space-between" mb="md" gap="xs" wrap="wrap">
      <Title order={2} size="h4" id={`${id}-heading`}>
        {title}
      </Title>
      {actions && <Group gap="xs">{actions}</Group>}
    </Group>
    {children}
  </Card>
);

export const Muted = ({ children }: { children: ReactNode }) => (
  <Text size="sm" c="dimmed">
    {children}
  </Text>
);

const supplierLabel = (s: Supplier) => s.name;

/** The supplier filter: a searchable choice of suppliers, kept in the URL as `supplierId`. */
export const SupplierFilter = () => {
  const [supplierId, setSupplierId] = useParam('supplierId');
  const choices = useChoices('suppliers', supplierLabel, supplierId || null);
  return (
    <ChoiceSelect
      label="Supplier"
      placeholder="All suppliers"
      clearable
      choices={choices}
      nothingFound="No supplier matches"
      value={supplierId || null}
      onChange={(next) => setSupplierId(next ?? '')}
      w={{ base: '100%', xs: 220 }}
    />
  );
};
