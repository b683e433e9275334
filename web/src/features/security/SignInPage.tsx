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
import type { MfaChallenge } from '../../api/types';
import { useSession } from '../../app/session';

/** Only same-site paths are followed after sign-in, so a crafted link cannot send the user elsewhere. */
const safeNext = (next: string | null): string =>
  next?.startsWith('/') && !next.startsWith('//') ? next : '/';

const asApiError = (caught: unknown) =>
  caught instanceof ApiError
    ? caught
    : new ApiError({ type: 'about:blank', title: 'Sign-in failed', status: 0, detail: String(caught) });

export default function SignInPage() {
  useDocumentTitle('Sign in · Firefly');
  const { session, signIn, answerMfa } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [error, setError] = useState<ApiError | undefined>();
  /** Set once the password was right and the account asks for a code from its authenticator app. */
  const [challenge, setChallenge] = useState<(MfaChallenge & { email: string }) | undefined>();
  const codeForm = useForm({
    mode: 'controlled',
    initialValues: { code: '' },
    validate: {
      code: (value) => (/^\d{6}$/.test(value.trim()) ? null : 'Enter the 6 digits your app shows'),
    },
  });
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
      const asked = await signIn(email.trim(), password);
      if (asked) {
        codeForm.reset();
        setChallenge({ ...asked, email: email.trim() });
        return;
      }
      navigate(next, { replace: true });
    } catch (caught) {
      const apiError = asApiError(caught);
      setError(apiError);
      const fields = apiError.fieldErrors();
      if (Object.keys(fields).length > 0) form.setErrors(fields);
    }
  });

  const submitCode = codeForm.onSubmit(async ({ code }) => {
    if (!challenge) return;
    setError(undefined);
    try {
      await answerMfa(challenge.email, challenge.session, code.trim());
      navigate(next, { replace: true });
    } catch (caught) {
      const apiError = asApiError(caught);
      setError(apiError);
      codeForm.setFieldValue('code', '');
      // An expired step or a lockout starts again from the password.
      if (apiError.code === 'invalid-mfa-code') return;
      setChallenge(undefined);
      form.setFieldValue('password', '');
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
          {challenge ? (
            <form onSubmit={submitCode} noValidate>
              <Stack gap="md">
                <Text size="sm">
                  Open the authenticator app on your phone and enter the 6-digit code it shows for Firefly.
                </Text>
                <TextInput
                  label="Code from your authenticator app"
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  maxLength={6}
                  required
                  autoFocus
                  {...codeForm.getInputProps('code')}
                />
                <Button type="submit" fullWidth loading={codeForm.submitting}>
                  Verify and sign in
                </Button>
                <Button
                  variant="subtle"
                  fullWidth
                  onClick={() => {
                    setError(undefined);
                    setChallenge(undefined);
                  }}
                >
                  Back to email and password
                </Button>
              </Stack>
            </form>
          ) : (
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
          )}
        </Stack>
      </Paper>
    </Center>
  );
}
