import { Grid } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useEffect } from 'react';
import { useSession } from '../../app/session';
import { PageHeader } from '../../components/PageHeader';
import { CardFrame, OVERVIEW_CARDS } from './cards';
import { useOverviewData } from './data';

/** The benchmark reads this mark: navigation start → the overview's data on screen. */
export const OVERVIEW_READY_MARK = 'overview-ready';

export default function OverviewPage() {
  useDocumentTitle('Overview · Firefly');
  const { can, me } = useSession();
  const { orders, customers, models } = useOverviewData();
  const settled = [orders, customers, models].every((q) => !q.isEnabled || !q.isPending);

  useEffect(() => {
    if (settled && performance.getEntriesByName(OVERVIEW_READY_MARK).length === 0) {
      // After the paint that shows the data, not merely after the data arrived.
      requestAnimationFrame(() => performance.mark(OVERVIEW_READY_MARK));
    }
  }, [settled]);

  const cards = OVERVIEW_CARDS.filter((card) => !card.permission || can(card.permission));
  return (
    <div data-overview-ready={settled ? 'true' : 'false'}>
      <PageHeader
        title="Overview"
        description={me?.email ? `Signed in as ${me.email}. Here is how the business stands.` : undefined}
      />
      <Grid gap="md">
        {cards.map((card) => (
          <Grid.Col key={card.id} span={card.span}>
            <CardFrame card={card}>
              <card.Body />
            </CardFrame>
          </Grid.Col>
        ))}
      </Grid>
    </div>
  );
}
