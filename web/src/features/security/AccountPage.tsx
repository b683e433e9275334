import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Code,
  Group,
  List,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconShieldCheck } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import QRCode from 'qrcode';
import { useState } from 'react';
import { useSession } from '../../app/session';
import { PageHeader } from '../../components/PageHeader';
import { FormProblem, LoadError } from '../../components/ProblemAlert';
import { accountApi } from './api';
import { useAction } from './hooks';

const mfaKey = ['account', 'mfa'] as const;

/** "ABCD EFGH …": a setup key is easier to type in groups of four. */
const grouped = (secret: string) => secret.match(/.{1,4}/g)?.join(' ') ?? secret;

/** The otpauth:// link as a QR code for the phone's camera, drawn as SVG (no canvas needed). */
const SetupQr = ({ uri }: { uri: string }) => {
  const svg = useQuery({
    queryKey: ['account', 'mfa', 'qr', uri],
    queryFn: () => QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }),
    staleTime: Number.POSITIVE_INFINITY,
  });
  if (!svg.data) return null;
  return (
    <img
      src={`data:image/svg+xml;utf8,${encodeURIComponent(svg.data)}`}
      alt="QR code of the setup key: scan it with your authenticator app"
      width={176}
      height={176}
      data-testid="mfa-qr"
    />
  );
};

/**
 * Setting up an authenticator app: a new secret from Cognito, added to the app by its otpauth:// link
 * or by typing the key, then confirmed with the first code the app shows. MFA is off until then.
 */
const MfaSetup = ({ onDone }: { onDone: () => void }) => {
  const [code, setCode] = useState('');
  const start = useAction(() => accountApi.startMfaSetup(), {
    success: () => 'Add the key to your authenticator app, then enter its code',
    refresh: [],
  });
  const confirm = useAction(() => accountApi.confirmMfaSetup(code.trim()), {
    success: () => 'MFA is on: sign-in now asks for a code from your app',
    refresh: [mfaKey],
    onDone,
  });
  const setup = start.data;
  if (!setup) {
    return (
      <Stack gap="sm" align="flex-start">
        <Button onClick={() => start.mutate(undefined)} loading={start.isPending}>
          Set up an authenticator app
        </Button>
        <FormProblem error={start.error ?? undefined} />
      </Stack>
    );
  }
  return (
    <Stack gap="md">
      <List type="ordered" spacing="xs" size="sm">
        <List.Item>
          Open an authenticator app on your phone (Google Authenticator, Microsoft Authenticator, 1Password,
          …) and scan this code:
          <SetupQr uri={setup.uri} />
        </List.Item>
        <List.Item>
          Or add an account with this key, time-based:{' '}
          <Code data-testid="mfa-secret">{grouped(setup.secret)}</Code>
          <Text size="xs" c="dimmed">
            On this phone? <Anchor href={setup.uri}>Open the key in your authenticator app</Anchor>.
          </Text>
        </List.Item>
        <List.Item>Enter the 6-digit code the app now shows for Firefly.</List.Item>
      </List>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          confirm.mutate(undefined);
        }}
      >
        <Group align="flex-end" gap="sm">
          <TextInput
            label="Code from the app"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            w={180}
          />
          <Button type="submit" loading={confirm.isPending} disabled={!/^\d{6}$/.test(code.trim())}>
            Turn on MFA
          </Button>
        </Group>
      </form>
      <FormProblem error={confirm.error ?? undefined} />
    </Stack>
  );
};

export default function AccountPage() {
  useDocumentTitle('My account · Firefly');
  const { me } = useSession();
  const mfa = useQuery({ queryKey: mfaKey, queryFn: ({ signal }) => accountApi.mfa(signal) });
  return (
    <>
      <PageHeader title="My account" description={me?.email} />
      <Card withBorder maw={720}>
        <Stack gap="md">
          <Group justify="space-between">
            <Title order={2} size="h4">
              Two-step sign-in (MFA)
            </Title>
            {mfa.data && (
              <Badge color={mfa.data.enabled ? 'green' : 'gray'} variant="light" data-testid="mfa-status">
                {mfa.data.enabled ? 'On' : 'Off'}
              </Badge>
            )}
          </Group>
          {mfa.error ? (
            <LoadError error={mfa.error} onRetry={() => void mfa.refetch()} what="your MFA setting" />
          ) : mfa.data?.enabled ? (
            <Alert color="green" variant="light" icon={<IconShieldCheck aria-hidden />}>
              Signing in asks for your password and a code from your authenticator app. Lost or replaced your
              phone? Ask an admin to reset your MFA, then set it up again here.
            </Alert>
          ) : (
            mfa.data && (
              <>
                <Text size="sm">
                  With MFA on, a stolen password is not enough to sign in as you: sign-in also asks for a code
                  from an app on your phone. Owners and admins should turn it on.
                </Text>
                <MfaSetup onDone={() => void mfa.refetch()} />
              </>
            )
          )}
        </Stack>
      </Card>
    </>
  );
}
