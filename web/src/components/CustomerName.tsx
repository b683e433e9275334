import { Anchor, Skeleton } from '@mantine/core';
import { Link } from 'react-router';
import { useRecord } from '../api/queries';
import { useSession } from '../app/session';
import { shortId } from '../lib/format';

/**
 * An order names its customer by id; this shows the name. Each customer is one cached query, so a
 * list of orders for the same customers costs one request per distinct customer.
 */
export const CustomerName = ({ id, link = true }: { id: string; link?: boolean }) => {
  const { can } = useSession();
  const allowed = can('customers:read');
  const customer = useRecord('customers', id, allowed);
  if (allowed && customer.isPending) return <Skeleton height={12} width={100} display="inline-block" />;
  const label = customer.data?.name ?? `Customer ${shortId(id)}`;
  if (!link || !allowed) return <>{label}</>;
  return (
    <Anchor component={Link} to={`/customers/${id}`} inherit>
      {label}
    </Anchor>
  );
};
