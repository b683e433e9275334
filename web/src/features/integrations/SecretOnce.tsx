import { ActionIcon, Alert, Button, Code, CopyButton, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconKey } from '@tabler/icons-react';
import type { ReactNode } from 'react';

interface SecretOnceProps {
  secret: string;
  onDone: () => void;
  /** What the secret is, in words ("signing secret", "API key"). */
  what?: string;
  /** Why to copy it and what happens to it. */
  explanation?: ReactNode;
  note?: ReactNode;
  testId?: string;
}

/** A secret in clear, shown once: the person copies it to where it is needed, then closes it. */
export const SecretOnce = ({
  secret,
  onDone,
  what = 'signing secret',
  explanation = "The receiver needs it to verify each delivery's signature. It is stored encrypted and not shown again (an admin can reveal it later; each reveal is recorded in the audit log).",
  note = 'Deliveries carry Standard Webhooks headers: webhook-id, webhook-timestamp and webhook-signature.',
  testId = 'signing-secret',
}: SecretOnceProps) => (
  <Stack>
    <Alert color="blue" icon={<IconKey size={18} aria-hidden />} title={`Copy the ${what} now`}>
      {explanation}
    </Alert>
    <Group gap={4} wrap="nowrap">
      <Code style={{ overflowWrap: 'anywhere' }} data-testid={testId}>
        {secret}
      </Code>
      <CopyButton value={secret}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Copied' : `Copy the ${what}`}>
            <ActionIcon variant="subtle" onClick={copy} aria-label={`Copy the ${what}`}>
              {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
    <Text size="xs" c="dimmed">
      {note}
    </Text>
    <Group justify="flex-end">
      <Button onClick={onDone}>I have copied it</Button>
    </Group>
  </Stack>
);
