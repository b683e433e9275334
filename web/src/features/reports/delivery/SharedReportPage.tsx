import { Alert, Center, Container, Loader, Table, Text, Title } from '@mantine/core';
import { useLocation } from 'react-router';
import { ApiError } from '../../../api/problem';
import { useSharedReport } from './api';

const REFUSED: Record<number, string> = {
  401: 'This link is not valid.',
  403: 'This link was revoked.',
  410: 'This link has expired.',
};

/** A share link's page: the report's results, read-only, for someone who is not signed in. */
const SharedReportPage = () => {
  // The token is the fragment (`/shared#<token>`): it never reaches a server's logs but the API's.
  const token = useLocation().hash.replace(/^#/, '');
  const shared = useSharedReport(token);
  if (shared.isError) {
    const status = shared.error instanceof ApiError ? shared.error.status : 0;
    return (
      <Container py="xl">
        <Alert color="red" title="This report cannot be shown">
          {REFUSED[status] ?? 'Something went wrong; try again later.'}
        </Alert>
      </Container>
    );
  }
  if (!shared.data)
    return (
      <Center mih={200}>
        <Loader aria-label="Loading" />
      </Center>
    );
  const { result } = shared.data;
  return (
    <Container py="xl" size="lg">
      <Title order={1}>{shared.data.name}</Title>
      {shared.data.description && <Text c="dimmed">{shared.data.description}</Text>}
      <Text size="sm" c="dimmed" mb="md">
        Shared read-only; the link expires {new Date(shared.data.expiresAt).toLocaleString()}. Data as of{' '}
        {new Date(result.asOf).toLocaleString()}.
      </Text>
      <Table aria-label="Results" striped>
        <Table.Thead>
          <Table.Tr>
            {result.columns.map((c) => (
              <Table.Th key={c.name}>{c.name}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {result.rows.map((row, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: result rows have no id of their own
            <Table.Tr key={i}>
              {result.columns.map((c) => (
                <Table.Td key={c.name}>{String(row[c.name] ?? '')}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Container>
  );
};

export default SharedReportPage;
