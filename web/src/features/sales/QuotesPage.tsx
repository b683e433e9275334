import { Button, Group } from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { IconFileDollar, IconPlus } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { useRecordList } from '../../api/queries';
import { Can } from '../../app/session';
import { AppModal } from '../../components/CommandForm';
import { CustomerName } from '../../components/CustomerName';
import {
  type Column,
  FilterSelect,
  ListView,
  RecordFilterPill,
  SearchBox,
  SortSelect,
  updatedColumn,
  useEnumParam,
  useParam,
  useSortOrder,
} from '../../components/ListView';
import { PageHeader } from '../../components/PageHeader';
import { money, shortId } from '../../lib/format';
import { Day, QuoteStatusBadge } from './components';
import { choices, QUOTE_STATUS_LABELS } from './labels';
import { DraftQuoteForm } from './QuoteForms';
import { QUOTE_STATUSES, type Quote } from './types';

const columns: Column<Quote>[] = [
  { header: 'Quote', cell: (q) => `${q.modelName} ${shortId(q.id)}` },
  { header: 'Customer', cell: (q) => <CustomerName id={q.customerId} /> },
  { header: 'Status', cell: (q) => <QuoteStatusBadge status={q.status} /> },
  { header: 'Total', cell: (q) => money(q.totalCents), align: 'right' },
  { header: 'Expires', cell: (q) => <Day day={q.expiresOn} />, visibleFrom: 'md' },
  updatedColumn(),
];

export default function QuotesPage() {
  useDocumentTitle('Quotes · Firefly');
  const [search] = useParam('search');
  const status = useEnumParam('status', QUOTE_STATUSES);
  const order = useSortOrder();
  const [customerId] = useParam('customerId');
  const [drafting, draft] = useDisclosure();
  const navigate = useNavigate();
  const query = useRecordList('quotes', { search, status, customerId, order });

  const draftButton = (
    <Can permission="quotes:write">
      <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={draft.open}>
        Draft quote
      </Button>
    </Can>
  );

  return (
    <>
      <PageHeader
        title="Quotes"
        description="Priced proposals, from draft to accepted order."
        actions={draftButton}
      />
      <Group mb="md" align="flex-end" gap="md" wrap="wrap">
        <SearchBox label="Search quotes" placeholder="Model or quote id" />
        <FilterSelect
          param="status"
          label="Status"
          placeholder="All statuses"
          options={choices(QUOTE_STATUS_LABELS)}
        />
        <SortSelect />
        <RecordFilterPill param="customerId" label="Customer">
          {(id) => <CustomerName id={id} link={false} />}
        </RecordFilterPill>
      </Group>
      <ListView
        query={query}
        columns={columns}
        rowLink={(q) => `/quotes/${q.id}`}
        noun="quotes"
        caption={status ? `Quotes, ${QUOTE_STATUS_LABELS[status]}` : 'Quotes'}
        filtered={!!(search || status || customerId)}
        onClearFilters={() => navigate('/quotes', { replace: true })}
        empty={{
          title: 'No quotes yet',
          description: 'Draw up a quote for a customer: a model, its options and any fees.',
          icon: <IconFileDollar size={28} aria-hidden />,
          action: draftButton,
        }}
      />
      <AppModal opened={drafting} onClose={draft.close} title="Draft a quote" size="lg">
        <DraftQuoteForm
          customerId={customerId || undefined}
          onCancel={draft.close}
          onDone={(quote) => navigate(`/quotes/${quote.id}`)}
        />
      </AppModal>
    </>
  );
}
