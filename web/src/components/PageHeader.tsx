import { Anchor, Breadcrumbs, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

interface Props {
  title: ReactNode;
  description?: ReactNode;
  /** Trail back to the list, e.g. [{ label: 'Orders', to: '/orders' }]. */
  trail?: { label: string; to: string }[];
  actions?: ReactNode;
}

export const PageHeader = ({ title, description, trail, actions }: Props) => (
  <Stack gap={4} mb="lg">
    {trail && trail.length > 0 && (
      <Breadcrumbs aria-label="Breadcrumb" separator="›">
        {trail.map((crumb) => (
          <Anchor key={crumb.to} component={Link} to={crumb.to} size="sm">
            {crumb.label}
          </Anchor>
        ))}
      </Breadcrumbs>
    )}
    <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
      <div>
        <Title order={1} size="h2">
          {title}
        </Title>
        {description && (
          <Text c="dimmed" size="sm" mt={2}>
            {description}
          </Text>
        )}
      </div>
      {actions && <Group gap="xs">{actions}</Group>}
    </Group>
  </Stack>
);
