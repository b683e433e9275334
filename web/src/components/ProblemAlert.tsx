import { Alert, Button, Group, List, Text } from '@mantine/core';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';
import { ApiError } from '../api/problem';

const describe = (error: unknown): { title: string; detail?: string; errors: string[] } => {
  if (error instanceof ApiError) {
    return {
      title: error.problem.title,
      detail: error.problem.detail,
      errors: (error.problem.errors ?? []).map((e) => `${e.path.replace(/^body\./, '')}: ${e.message}`),
    };
  }
  return {
    title: 'Something went wrong',
    detail: error instanceof Error ? error.message : undefined,
    errors: [],
  };
};

/** A failed load, with a way to try again. */
export const LoadError = ({
  error,
  onRetry,
  what,
}: {
  error: unknown;
  onRetry: () => void;
  what: string;
}) => {
  const { title, detail } = describe(error);
  const notFound = error instanceof ApiError && error.status === 404;
  return (
    <Alert
      color="red"
      variant="light"
      title={notFound ? `${what} not found` : `Could not load ${what}`}
      role="alert"
      icon={<IconAlertTriangle aria-hidden />}
    >
      <Text size="sm">{notFound ? detail : (detail ?? title)}</Text>
      {!notFound && (
        <Button
          mt="sm"
          size="xs"
          variant="white"
          color="red"
          leftSection={<IconRefresh size={14} aria-hidden />}
          onClick={onRetry}
        >
          Retry
        </Button>
      )}
    </Alert>
  );
};

interface FormProblemProps {
  error: ApiError | undefined;
  /** Fetches the record again after a version conflict. */
  onReload?: () => void;
  reloading?: boolean;
  /** True when every field error is already shown beside its field. */
  fieldsShown?: boolean;
}

/** Why a command failed: a version conflict with a Reload action, or the problem's title and details. */
export const FormProblem = ({ error, onReload, reloading, fieldsShown }: FormProblemProps) => {
  if (!error) return null;
  if (error.isVersionConflict) {
    const current = error.problem.currentVersion;
    return (
      <Alert
        color="orange"
        variant="light"
        role="alert"
        title="This record changed since you opened it"
        icon={<IconAlertTriangle aria-hidden />}
      >
        <Text size="sm">
          Someone else saved a change{current === undefined ? '' : ` (it is now at version ${current})`}.
          Reload to see the latest, then try again. Your entries are kept.
        </Text>
        {onReload && (
          <Group mt="sm">
            <Button
              size="xs"
              color="orange"
              leftSection={<IconRefresh size={14} aria-hidden />}
              onClick={onReload}
              loading={reloading}
            >
              Reload
            </Button>
          </Group>
        )}
      </Alert>
    );
  }
  const { title, detail, errors } = describe(error);
  return (
    <Alert color="red" variant="light" role="alert" title={title} icon={<IconAlertTriangle aria-hidden />}>
      {fieldsShown ? (
        <Text size="sm">Correct the highlighted fields and try again.</Text>
      ) : (
        <>
          {detail && <Text size="sm">{detail}</Text>}
          {errors.length > 0 && (
            <List size="sm" mt={4}>
              {errors.map((message) => (
                <List.Item key={message}>{message}</List.Item>
              ))}
            </List>
          )}
        </>
      )}
    </Alert>
  );
};
