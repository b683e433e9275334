import { Badge, Button, Card, Grid, Group, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconArchive, IconCurrencyDollar, IconPlus } from '@tabler/icons-react';
import { useParams } from 'react-router';
import { useRecord } from '../../api/queries';
import { AppModal, useRecordModal } from '../../components/CommandForm';
import { Fields } from '../../components/Fields';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/ProblemAlert';
import { RecordTimeline } from '../../components/RecordTimeline';
import { Time } from '../../components/Time';
import { offers, offersAny } from '../../lib/actions';
import { money } from '../../lib/format';
import { OptionForm, RepriceForm, RetireForm } from './ModelForms';

export default function ModelPage() {
  const id = useParams().id ?? '';
  const model = useRecord('models', id);
  useDocumentTitle(`${model.data?.name ?? 'Model'} · Firefly`);
  const reprice = useRecordModal('models', model.data);
  const option = useRecordModal('models', model.data);
  const retire = useRecordModal('models', model.data);

  if (model.isPending) {
    return (
      <Stack aria-busy="true" aria-label="Loading model">
        <Skeleton height={32} width="40%" />
        <Skeleton height={160} />
      </Stack>
    );
  }
  if (model.isError) {
    return (
      <>
        <PageHeader title="Model" trail={[{ label: 'Models', to: '/models' }]} />
        <LoadError error={model.error} onRetry={() => void model.refetch()} what="the model" />
      </>
    );
  }
  const m = model.data;

  return (
    <>
      <PageHeader
        title={
          <Group gap="sm" component="span">
            {m.name}
            {m.retired && (
              <Badge color="gray" variant="light" size="lg">
                Retired
              </Badge>
            )}
          </Group>
        }
        trail={[{ label: 'Models', to: '/models' }]}
        actions={
          offersAny(m, 'reprice', 'set-option', 'retire') && (
            <>
              {offers(m, 'reprice') && (
                <Button
                  variant="default"
                  leftSection={<IconCurrencyDollar size={16} aria-hidden />}
                  onClick={reprice.open}
                >
                  Reprice
                </Button>
              )}
              {offers(m, 'set-option') && (
                <Button
                  variant="default"
                  leftSection={<IconPlus size={16} aria-hidden />}
                  onClick={option.open}
                >
                  Add option
                </Button>
              )}
              {offers(m, 'retire') && (
                <Button
                  variant="light"
                  color="red"
                  leftSection={<IconArchive size={16} aria-hidden />}
                  onClick={retire.open}
                >
                  Retire
                </Button>
              )}
            </>
          )
        }
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="md">
            <Card withBorder padding="lg" component="section" aria-labelledby="details-heading">
              <Title order={2} size="h4" id="details-heading" mb="md">
                Details
              </Title>
              <Fields
                items={[
                  {
                    label: 'Base price',
                    value: <span data-testid="base-price">{money(m.basePriceCents)}</span>,
                  },
                  { label: 'Status', value: m.retired ? 'Retired: cannot be ordered' : 'Available to order' },
                  { label: 'Options', value: m.options.length },
                  { label: 'Added', value: <Time iso={m.createdAt} withAbsolute /> },
                  { label: 'Last changed', value: <Time iso={m.updatedAt} withAbsolute /> },
                  { label: 'Version', value: m.version },
                ]}
              />
            </Card>
            <Card withBorder padding="lg" component="section" aria-labelledby="options-heading">
              <Title order={2} size="h4" id="options-heading" mb="md">
                Options
              </Title>
              {m.options.length === 0 ? (
                <Text size="sm" c="dimmed">
                  This model has no options.
                </Text>
              ) : (
                <Table.ScrollContainer minWidth={360}>
                  <Table aria-label="Options">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Option</Table.Th>
                        <Table.Th>Code</Table.Th>
                        <Table.Th ta="right">Price</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {m.options.map((o) => (
                        <Table.Tr key={o.code}>
                          <Table.Td>{o.name}</Table.Td>
                          <Table.Td>
                            <Text size="sm" ff="monospace" component="span">
                              {o.code}
                            </Text>
                          </Table.Td>
                          <Table.Td ta="right">{money(o.priceCents)}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              )}
            </Card>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <RecordTimeline resource="models" id={m.id} version={m.version} />
        </Grid.Col>
      </Grid>
      <AppModal opened={reprice.opened} onClose={reprice.close} title={`Reprice ${m.name}`}>
        <RepriceForm model={m} modal={reprice} />
      </AppModal>
      <AppModal opened={option.opened} onClose={option.close} title={`Add an option to ${m.name}`}>
        <OptionForm model={m} modal={option} />
      </AppModal>
      <AppModal opened={retire.opened} onClose={retire.close} title={`Retire ${m.name}`}>
        <RetireForm model={m} modal={retire} />
      </AppModal>
    </>
  );
}
