import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  ScrollArea,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { lazy, Suspense, useState } from 'react';
import { useSession } from '../../app/session';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/ProblemAlert';
import { money } from '../../lib/format';
import {
  type LinkKind,
  type Recommendation,
  useRecommendationCommand,
  useRecommendations,
  useStartRun,
} from './api';
import { confidenceText, figureText, Loading, STATUS_COLUMNS, StatusBadge, valueRange } from './components';

const EvidenceChart = lazy(() => import('./EvidenceChart'));

const LINK_KINDS: { value: LinkKind; label: string }[] = [
  { value: 'purchaseOrder', label: 'Purchase order' },
  { value: 'campaign', label: 'Campaign change' },
  { value: 'workflow', label: 'Workflow' },
  { value: 'note', label: 'Note' },
];

/** Accept, dismiss (with a reason) or mark implemented (linked to what was done), as the record allows. */
const Actions = ({ rec, onDone }: { rec: Recommendation; onDone: () => void }) => {
  const command = useRecommendationCommand();
  const [reason, setReason] = useState('');
  const [kind, setKind] = useState<LinkKind>(
    rec.kind === 'reorder' ? 'purchaseOrder' : rec.kind === 'budget-move' ? 'campaign' : 'note',
  );
  const [ref, setRef] = useState('');
  const run = async (input: Parameters<typeof command.mutateAsync>[0], message: string) => {
    try {
      await command.mutateAsync(input);
      notifications.show({ color: 'green', title: 'Saved', message });
      onDone();
    } catch {
      // Shown below from the mutation's error.
    }
  };
  if (rec.actions.length === 0) return null;
  return (
    <Stack gap="sm">
      {command.error && (
        <Alert color="red" title="Not saved">
          {command.error.message}
        </Alert>
      )}
      {rec.actions.includes('accept') && (
        <Button
          onClick={() => run({ rec, action: 'accept' }, 'Recommendation accepted')}
          loading={command.isPending}
        >
          Accept
        </Button>
      )}
      {rec.actions.includes('implement') && (
        <Group align="end">
          <Select
            label="Done by"
            data={LINK_KINDS}
            value={kind}
            onChange={(v) => v && setKind(v as LinkKind)}
            allowDeselect={false}
            w={180}
          />
          <TextInput
            label={kind === 'note' ? 'What was done' : 'Its id'}
            value={ref}
            onChange={(e) => setRef(e.currentTarget.value)}
            style={{ flex: 1 }}
          />
          <Button
            onClick={() =>
              run(
                {
                  rec,
                  action: 'implement',
                  link: kind === 'note' ? { kind, note: ref } : { kind, id: ref },
                },
                'Marked implemented: it will be measured after its horizon',
              )
            }
            loading={command.isPending}
          >
            Mark implemented
          </Button>
        </Group>
      )}
      {rec.actions.includes('dismiss') && (
        <Group align="end">
          <TextInput
            label="Why dismiss it"
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            style={{ flex: 1 }}
          />
          <Button
            variant="default"
            onClick={() => run({ rec, action: 'dismiss', reason }, 'Recommendation dismissed')}
            loading={command.isPending}
          >
            Dismiss
          </Button>
        </Group>
      )}
    </Stack>
  );
};

const Detail = ({ rec, onClose }: { rec: Recommendation; onClose: () => void }) => (
  <Modal opened onClose={onClose} title={rec.title} size="xl">
    <Stack gap="md">
      <Group gap="xs">
        <StatusBadge status={rec.status} />
        <Badge variant="outline" radius="sm">
          {rec.category}
        </Badge>
        <Text size="sm">
          Proposed {rec.proposedOn}; measured from {rec.measureOn}
        </Text>
      </Group>
      <Text>{rec.reason}</Text>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <div>
          <Text size="xs" c="dimmed">
            Estimated value (80% range)
          </Text>
          <Text fw={600}>{valueRange(rec.estimatedValue)}</Text>
        </div>
        <div>
          <Text size="xs" c="dimmed">
            Confidence
          </Text>
          <Text fw={600}>{confidenceText(rec.confidence)}</Text>
        </div>
        <div>
          <Text size="xs" c="dimmed">
            Priority
          </Text>
          <Text fw={600}>{rec.priority.toLocaleString('en-US')}</Text>
        </div>
      </SimpleGrid>
      <Text size="xs" c="dimmed">
        {rec.confidence.method}
      </Text>
      {rec.evidence.series && (
        <Suspense fallback={<Loading label="Loading the chart" />}>
          <EvidenceChart series={rec.evidence.series} />
        </Suspense>
      )}
      <Table aria-label="Evidence" verticalSpacing={4}>
        <Table.Tbody>
          {rec.evidence.figures.map((f) => (
            <Table.Tr key={f.label}>
              <Table.Td>{f.label}</Table.Td>
              <Table.Td>{figureText(f)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {rec.link && (
        <Text size="sm" data-testid="implemented-link">
          Implemented by {rec.implementedBy} on {rec.implementedOn}: {rec.link.kind}{' '}
          {rec.link.id ?? rec.link.note}
        </Text>
      )}
      {rec.dismissReason && <Text size="sm">Dismissed: {rec.dismissReason}</Text>}
      {rec.status === 'measured' && (
        <Text size="sm">
          Measured {rec.measuredOn}: realised {money(rec.realisedCents ?? 0)} against{' '}
          {money(rec.counterfactualCents ?? 0)} at stake;{' '}
          {rec.predictionHeld ? 'the prediction held' : 'the prediction did not hold'}. {rec.measureDetail}
        </Text>
      )}
      <Actions rec={rec} onDone={onClose} />
    </Stack>
  </Modal>
);

/** The recommendations board: a column per status, each card its value range, confidence and priority. */
export default function RecommendationsPage() {
  useDocumentTitle('Recommendations · Insights · Firefly');
  const { can } = useSession();
  const list = useRecommendations();
  const start = useStartRun();
  const [openId, setOpenId] = useState<string>();
  const header = (
    <PageHeader
      title="Recommendations"
      description="Proposed by the insights runs (nightly), each with its evidence, a confidence measured by backtesting on the history, and a value range; tracked to what it realised."
      actions={
        can('insights:manage') ? (
          <Button
            variant="default"
            loading={start.isPending}
            onClick={() =>
              start.mutate(undefined, {
                onSuccess: () =>
                  notifications.show({
                    color: 'green',
                    title: 'Started',
                    message: 'Insights are running; refresh in a minute',
                  }),
              })
            }
          >
            Run insights now
          </Button>
        ) : undefined
      }
    />
  );
  if (list.isError)
    return (
      <>
        {header}
        <LoadError error={list.error} onRetry={() => void list.refetch()} what="Recommendations" />
      </>
    );
  const items = list.data?.items;
  const open = items?.find((r) => r.id === openId);
  return (
    <>
      {header}
      {!items ? (
        <Loading label="Loading recommendations" />
      ) : items.length === 0 ? (
        <Text c="dimmed">No recommendations yet: the nightly run proposes them from the history.</Text>
      ) : (
        <ScrollArea>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 5 }} spacing="sm" miw={0}>
            {STATUS_COLUMNS.map((column) => {
              const cards = items
                .filter((r) => r.status === column.status)
                .sort((a, b) => b.priority - a.priority);
              return (
                <section
                  key={column.status}
                  aria-label={column.label}
                  data-testid={`column-${column.status}`}
                >
                  <Title order={2} size="h5" mb="xs">
                    {column.label} ({cards.length})
                  </Title>
                  <Stack gap="xs">
                    {cards.map((rec) => (
                      <Card
                        key={rec.id}
                        withBorder
                        padding="sm"
                        component="button"
                        type="button"
                        onClick={() => setOpenId(rec.id)}
                        style={{ textAlign: 'left', cursor: 'pointer' }}
                        data-testid="recommendation-card"
                        data-key={rec.key}
                        data-status={rec.status}
                      >
                        <Text fw={600} size="sm">
                          {rec.title}
                        </Text>
                        <Text size="xs">{valueRange(rec.estimatedValue)}</Text>
                        <Text size="xs" c="dimmed">
                          Confidence {Math.round(rec.confidence.value * 100)}% · priority{' '}
                          {rec.priority.toLocaleString('en-US')}
                        </Text>
                      </Card>
                    ))}
                  </Stack>
                </section>
              );
            })}
          </SimpleGrid>
        </ScrollArea>
      )}
      {open && <Detail rec={open} onClose={() => setOpenId(undefined)} />}
    </>
  );
}
