import { Badge, Button, Card, Group, List, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconTemplate } from '@tabler/icons-react';
import { FormProblem, LoadError } from '../../components/ProblemAlert';
import { useFromTemplate } from '../../lib/useFromTemplate';
import { useTemplates, workflowKeys, workflowsApi } from './api';
import { KIND_LABELS } from './builder/graph';
import { triggerSummary } from './components';
import type { WorkflowTemplate } from './types';

const CATEGORY_LABELS: Record<WorkflowTemplate['category'], string> = {
  sales: 'Sales',
  operations: 'Operations',
  customers: 'Customers',
};

const TemplateCard = ({
  template,
  busy,
  onUse,
}: {
  template: WorkflowTemplate;
  busy: boolean;
  onUse: () => void;
}) => {
  const headingId = `template-${template.id}`;
  return (
    <Card withBorder padding="md" component="article" aria-labelledby={headingId} data-template={template.id}>
      <Stack gap="xs" h="100%">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Title order={3} size="h5" id={headingId}>
            {template.name}
          </Title>
          <Badge variant="light">{CATEGORY_LABELS[template.category]}</Badge>
        </Group>
        <Text size="sm">{template.description}</Text>
        <Text size="sm" fw={500}>
          {triggerSummary(template.trigger)}
        </Text>
        <List type="ordered" size="sm" spacing={2} aria-label={`Steps of ${template.name}`}>
          {template.steps.map((s) => (
            <List.Item key={s.id}>
              {s.name}{' '}
              <Text span size="xs" c="dimmed">
                ({KIND_LABELS[s.kind]})
              </Text>
            </List.Item>
          ))}
        </List>
        {template.permissions.length > 0 && (
          <Text size="xs" c="dimmed">
            Publishing gives it {template.permissions.join(', ')}.
          </Text>
        )}
        <Group justify="flex-end" mt="auto">
          <Button onClick={onUse} loading={busy} aria-label={`Use template: ${template.name}`}>
            Use template
          </Button>
        </Group>
      </Stack>
    </Card>
  );
};

/**
 * Ready-made workflows (issue 12's templates): one click drafts the chosen one and opens it in the
 * builder, where its steps can be changed before it is published.
 */
export const TemplateGallery = () => {
  const templates = useTemplates();
  const { use, busy, problem } = useFromTemplate<{ id: string }>({
    create: (template, idempotencyKey) => workflowsApi.create({ templateId: template.id }, idempotencyKey),
    refresh: workflowKeys.all,
    pathOf: (id) => `/workflows/${id}`,
  });

  if (templates.isPending)
    return (
      <SimpleGrid cols={{ base: 1, sm: 2 }} role="status" aria-label="Loading templates">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} height={220} />
        ))}
      </SimpleGrid>
    );
  if (templates.isError)
    return (
      <LoadError error={templates.error} onRetry={() => void templates.refetch()} what="the templates" />
    );
  if (templates.data.items.length === 0)
    return (
      <Stack align="center" gap="xs" py="lg">
        <IconTemplate size={28} aria-hidden />
        <Text fw={500}>No templates</Text>
        <Text size="sm" c="dimmed">
          Start from scratch instead: New workflow.
        </Text>
      </Stack>
    );
  return (
    <Stack gap="md">
      <FormProblem error={problem} />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        {templates.data.items.map((t) => (
          <TemplateCard key={t.id} template={t} busy={busy === t.id} onUse={() => void use(t)} />
        ))}
      </SimpleGrid>
    </Stack>
  );
};
