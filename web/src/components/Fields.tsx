import { SimpleGrid, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A record's fields as a description list: labelled for assistive technology, compact on screen. */
export const Fields = ({ items }: { items: { label: string; value: ReactNode }[] }) => (
  <SimpleGrid component="dl" cols={{ base: 1, xs: 2, md: 3 }} spacing="md" verticalSpacing="md" m={0}>
    {items.map((item) => (
      <Stack key={item.label} gap={2}>
        <Text component="dt" size="xs" c="dimmed" tt="uppercase" fw={600}>
          {item.label}
        </Text>
        <Text component="dd" m={0} size="sm" style={{ overflowWrap: 'anywhere' }}>
          {item.value}
        </Text>
      </Stack>
    ))}
  </SimpleGrid>
);
