import { IconFileDollar } from '@tabler/icons-react';
import { CustomerName } from '../../components/CustomerName';
import {
  type Column,
  FilterSelect,
  RecordFilterPill,
  updatedColumn,
  useEnumParam,
  useParam,
} from '../../components/ListView';
import { RecordListPage } from '../../components/RecordListPage';
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
  const status = useEnumParam('status', QUOTE_STATUSES);
  const [customerId] = useParam('customerId');
  return (
    <RecordListPage
      resource="quotes"
      path="/quotes"
      title="Quotes"
      description="Priced proposals, from draft to accepted order."
      noun="quotes"
      search={{ label: 'Search quotes', placeholder: 'Model or quote id' }}
      filters={{ status, customerId }}
      controls={
        <>
          <FilterSelect
            param="status"
            label="Status"
            placeholder="All statuses"
            options={choices(QUOTE_STATUS_LABELS)}
          />
          <RecordFilterPill param="customerId" label="Customer">
            {(id) => <CustomerName id={id} link={false} />}
          </RecordFilterPill>
        </>
      }
      columns={columns}
      caption={status ? `Quotes, ${QUOTE_STATUS_LABELS[status]}` : 'Quotes'}
      empty={{
        title: 'No quotes yet',
        description: 'Draw up a quote for a customer: a model, its options and any fees.',
        icon: <IconFileDollar size={28} aria-hidden />,
      }}
      create={{
        label: 'Draft quote',
        permission: 'quotes:write',
        title: 'Draft a quote',
        size: 'lg',
        form: (props) => <DraftQuoteForm customerId={customerId || undefined} {...props} />,
      }}
    />
  );
}
