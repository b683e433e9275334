import { Badge, Button, Card, Group, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { Can } from '../../app/session';
import { FormProblem, LoadError } from '../../components/ProblemAlert';
import { useFromTemplate } from '../../lib/useFromTemplate';
import { type ReportTemplate, reportKeys, reportsApi, useReportTemplates } from './api';
import { VISUAL_LABELS } from './visual/model';

const TemplateCard = ({
  template,
  busy,
  onUse,
}: {
  template: ReportTemplate;
  busy: boolean;
  onUse: () => void;
}) => {
  const headingId = `report-template-${template.id}`;
  const d = template.definition;
  return (
    <Card withBorder padding="md" component="article" aria-labelledby={headingId} data-template={template.id}>
      <Stack gap="xs" h="100%">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Title order={3} size="h5" id={headingId}>
            {template.name}
          </Title>
          <Badge variant="light">{d.dataset.replaceAll('_', ' ')}</Badge>
        </Group>
        <Text size="sm">{template.description}</Text>
        <Text size="xs" c="dimmed">
          {(d.values ?? []).length} value{(d.values ?? []).length === 1 ? '' : 's'}
          {(d.rows ?? []).length ? ` by ${(d.rows ?? []).map((r) => r.as ?? r.field).join(', ')}` : ''}
          {d.visual ? ` · ${VISUAL_LABELS[d.visual.type]}` : ''}
        </Text>
        <Can permission="reports:edit">
          <Group justify="flex-end" mt="auto">
            <Button onClick={onUse} loading={busy} aria-label={`Use template: ${template.name}`}>
              Use template
            </Button>
          </Group>
        </Can>
      </Stack>
    </Card>
  );
};

/** The ready-made reports: one click saves a copy of yours and opens it. */
export const TemplateGallery = () => {
  const templates = useReportTemplates();
  const { use, busy, problem } = useFromTemplate<ReportTemplate>({
    create: (template, idempotencyKey) =>
      reportsApi.create(
        { name: template.name, description: template.description, templateId: template.id },
        idempotencyKey,
      ),
    refresh: reportKeys.all,
    pathOf: (id) => `/reports/${id}`,
  });

  if (templates.isPending)
    return (
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} role="status" aria-label="Loading templates">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} height={160} />
        ))}
      </SimpleGrid>
    );
  if (templates.isError)
    return (
      <LoadError error={templates.error} onRetry={() => void templates.refetch()} what="the templates" />
    );
  return (
    <Stack gap="md">
      <FormProblem error={problem} />
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
        {templates.data.items.map((t) => (
          <TemplateCard key={t.id} template={t} busy={busy === t.id} onUse={() => void use(t)} />
        ))}
      </SimpleGrid>
    </Stack>
  );
};
