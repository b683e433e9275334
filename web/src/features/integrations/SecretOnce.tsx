import { ActionIcon, Alert, Button, Code, CopyButton, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconKey } from '@tabler/icons-react';

/** A signing secret in clear, shown once: the person copies it to the receiver, then closes it. */
export const SecretOnce = ({ secret, onDone }: { secret: string; onDone: () => void }) => (
  <Stack>
    <Alert color="blue" icon={<IconKey size={18} aria-hidden />} title="Copy the signing secret now">
      The receiver needs it to verify each delivery's signature. It is stored encrypted and not shown again
      (an admin can reveal it later; each reveal is recorded in the audit log).
    </Alert>
    <Group gap={4} wrap="nowrap">
      <Code style={{ overflowWrap: 'anywhere' }} data-testid="signing-secret">
        {secret}
      </Code>
      <CopyButton value={secret}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Copied' : 'Copy the signing secret'}>
            <ActionIcon variant="subtle" onClick={copy} aria-label="Copy the signing secret">
              {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
    <Text size="xs" c="dimmed">
      Deliveries carry Standard Webhooks headers: webhook-id, webhook-timestamp and webhook-signature.
    </Text>
    <Group justify="flex-end">
      <Button onClick={onDone}>I have copied it</Button>
    </Group>
  </Stack>
);
