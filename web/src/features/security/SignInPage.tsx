import {
  Alert,
  Button,
  Center,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDocumentTitle } from '@mantine/hooks';
import { IconAlertTriangle, IconHome2 } from '@tabler/icons-react';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../api/problem';
import { useSession } from '../../app/session';

/** Only same-site paths are followed after sign-in, so a crafted link cannot send the user elsewhere. */
const safeNext = (next: string | null): string =>
  next?.startsWith('/') && !next.startsWith('//') ? next : '/';

export default function SignInPage() {
  useDocumentTitle('Sign in · Firefly');
  const { session, signIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [error, setError] = useState<ApiError | undefined>();
  const form = useForm({
    mode: 'controlled',
    initialValues: { email: '', password: '' },
    validate: {
      email: (value) => (/^\S+@\S+\.\S+$/.test(value.trim()) ? null : 'Enter your email address'),
      password: (value) => (value ? null : 'Enter your password'),
    },
  });

  if (session) return <Navigate to={next} replace />;

  const submit = form.onSubmit(async ({ email, password }) => {
    setError(undefined);
    try {
      await signIn(email.trim(), password);
      navigate(next, { replace: true });
    } catch (caught) {
      const apiError =
        caught instanceof ApiError
          ? caught
          : new ApiError({ type: 'about:blank', title: 'Sign-in failed', status: 0, detail: String(caught) });
      setError(apiError);
      const fields = apiError.fieldErrors();
      if (Object.keys(fields).length > 0) form.setErrors(fields);
    }
  });

  return (
    <Center component="main" mih="100vh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" radius="lg" w="100%" maw={420}>
        <Stack gap="lg">
          <Stack gap={6} align="center">
            <ThemeIcon color="yellow" variant="filled" radius="xl" size="xl" aria-hidden>
              <IconHome2 size={24} color="var(--mantine-color-dark-9)" />
            </ThemeIcon>
            <Title order={1} size="h2">
              Sign in
            </Title>
            <Text c="dimmed" size="sm">
              Firefly Tiny Homes admin console
            </Text>
          </Stack>
          {error && (
            <Alert
              color="red"
              variant="light"
              role="alert"
              title={error.problem.title}
              icon={<IconAlertTriangle aria-hidden />}
            >
              {error.problem.detail ?? 'Check your email and password and try again.'}
            </Alert>
          )}
          <form onSubmit={submit} noValidate>
            <Stack gap="md">
              <TextInput
                label="Email"
                type="email"
                autoComplete="username"
                required
                autoFocus
                {...form.getInputProps('email')}
              />
              <PasswordInput
                label="Password"
                autoComplete="current-password"
                required
                {...form.getInputProps('password')}
              />
              <Button type="submit" fullWidth loading={form.submitting}>
                Sign in
              </Button>
            </Stack>
          </form>
        </Stack>
      </Paper>
    </Center>
  );
}
