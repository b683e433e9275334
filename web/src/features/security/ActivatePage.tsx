import { Button, Card, Center, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../../api/problem';
import { sessionFromTokens, setSession } from '../../api/session';
import { FormProblem } from '../../components/ProblemAlert';
import { usersApi } from './api';

/** Public: an invited person sets their own password with the temporary one from the invitation email. */
export default function ActivatePage() {
  useDocumentTitle('Activate your account · Firefly');
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [temporary, setTemporary] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const mismatch = confirm !== '' && confirm !== password;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (mismatch) return;
    setPending(true);
    setError(undefined);
    try {
      const tokens = await usersApi.activate(email.trim().toLowerCase(), temporary, password);
      setSession(sessionFromTokens(tokens));
      navigate('/', { replace: true });
    } catch (failure) {
      setError(
        failure instanceof ApiError
          ? failure
          : new ApiError({ type: 'about:blank', title: 'Could not reach the server', status: 0 }),
      );
    } finally {
      setPending(false);
    }
  };

  return (
    <Center mih="100vh" p="md">
      <Card withBorder shadow="sm" padding="xl" w={420} maw="100%">
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <Title order={1} size="h3">
              Activate your account
            </Title>
            <Text size="sm" c="dimmed">
              Use the temporary password from your invitation email, then choose your own: at least 12
              characters with upper and lower case letters, a number and a symbol.
            </Text>
            <TextInput
              label="Email"
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
            />
            <PasswordInput
              label="Temporary password"
              autoComplete="current-password"
              required
              value={temporary}
              onChange={(e) => setTemporary(e.currentTarget.value)}
            />
            <PasswordInput
              label="New password"
              autoComplete="new-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            <PasswordInput
              label="New password again"
              autoComplete="new-password"
              required
              value={confirm}
              onChange={(e) => setConfirm(e.currentTarget.value)}
              error={mismatch ? 'The passwords differ' : undefined}
            />
            <FormProblem error={error} />
            <Button
              type="submit"
              loading={pending}
              disabled={!email || !temporary || password.length < 12 || mismatch}
            >
              Activate and sign in
            </Button>
            <Text size="sm" ta="center">
              <Link to="/sign-in">Back to sign-in</Link>
            </Text>
          </Stack>
        </form>
      </Card>
    </Center>
  );
}
