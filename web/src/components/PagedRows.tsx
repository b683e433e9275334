import { Button, Skeleton, Stack, Text } from '@mantine/core';
import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { LoadError } from './ProblemAlert';

/**
 * The rows of a paged query inside a section: a loading skeleton, the error with a retry, the empty
 * text, or the rows (as `children` draws them) with "Load more" while pages are left.
 */
export const PagedRows = <R,>({
  query,
  what,
  empty,
  children,
}: {
  query: UseInfiniteQueryResult<InfiniteData<{ items: R[] }>>;
  /** What the rows are, for the loading label and the error: "deliveries". */
  what: string;
  empty: ReactNode;
  children: (rows: R[]) => ReactNode;
}) => {
  if (query.isPending)
    return (
      <Stack gap="xs" aria-busy="true" aria-label={`Loading ${what}`}>
        <Skeleton height={14} />
        <Skeleton height={14} width="70%" />
      </Stack>
    );
  if (query.isError)
    return <LoadError error={query.error} onRetry={() => void query.refetch()} what={`the ${what}`} />;
  const rows = query.data.pages.flatMap((p) => p.items);
  if (rows.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {empty}
      </Text>
    );
  return (
    <>
      {children(rows)}
      {query.hasNextPage && (
        <Button
          variant="default"
          size="xs"
          mt="sm"
          loading={query.isFetchingNextPage}
          onClick={() => void query.fetchNextPage()}
        >
          Load more
        </Button>
      )}
    </>
  );
};
