import { Alert, Button, Code, CopyButton, Group, Stack, Text } from "@mantine/core";
import { IconCheck, IconCopy, IconKey } from "@tabler/icons-react";
import { ViewDialog } from "../../components/ViewDialog.tsx";

/** The signing secret, shown once (after creation or rotation), with a copy button. */
export function SecretReveal({ secret, onClose }: { secret: string | null; onClose: () => void }) {
  return (
    <ViewDialog opened={secret !== null} onClose={onClose} title="Signing secret">
      <Stack gap="sm">
        <Alert color="yellow" variant="light" icon={<IconKey size={18} />}>
          Copy the secret now: it is shown only this once. Your receiver verifies each delivery's
          webhook-signature with it (Standard Webhooks).
        </Alert>
        <Code block data-testid="webhook-secret" style={{ wordBreak: "break-all" }}>
          {secret}
        </Code>
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            Lost it? Rotate the secret to get a new one.
          </Text>
          <Group gap="sm">
            <CopyButton value={secret ?? ""}>
              {({ copied, copy }) => (
                <Button
                  variant="light"
                  color={copied ? "teal" : "blue"}
                  leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                  onClick={copy}
                >
                  {copied ? "Copied" : "Copy secret"}
                </Button>
              )}
            </CopyButton>
            <Button onClick={onClose}>Done</Button>
          </Group>
        </Group>
      </Stack>
    </ViewDialog>
  );
}
