import { Card, Group, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A titled card on a detail page: its heading (with `id`) labels the region, its actions sit beside it. */
export const Section = ({
  id,
  title,
  actions,
  children,
}: {
  id: string;
  title: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) => (
  <Card withBorder padding="lg" component="section" aria-labelledby={id}>
    <Group justify="space-between" mb="md" gap="xs" wrap="wrap">
      <Title order={2} size="h4" id={id}>
        {title}
      </Title>
      {actions && <Group gap="xs">{actions}</Group>}
    </Group>
    {children}
  </Card>
);
