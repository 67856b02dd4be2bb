import { Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import { IconBox, IconExternalLink } from "@tabler/icons-react";
import { PageHeader } from "../components/PageHeader.tsx";
import { RequireStoreUser } from "./StoreSession.tsx";

export const DROPBOX_PARTNER_PORTAL = "https://portal.dropboxpartners.com/";

/** My WorkSpace (seed 001): the Setup button leads to the Dropbox Partner Portal, where licences are managed. */
export function WorkspacePage() {
  return (
    <RequireStoreUser>
      <PageHeader title="My WorkSpace" description="Manage your services at their vendors." />
      <Card withBorder padding="lg" maw={560}>
        <Stack gap="sm">
          <Group gap="sm">
            <IconBox size={28} stroke={1.5} color="var(--mantine-color-blue-6)" aria-hidden />
            <Title order={2} fz="h4">
              Dropbox
            </Title>
          </Group>
          <Text size="sm" c="dimmed">
            Your Dropbox teams and licences are administered in the Dropbox Partner Portal. Sign in with the
            credentials Dropbox sent to you by email.
          </Text>
          <Group>
            <Button
              component="a"
              href={DROPBOX_PARTNER_PORTAL}
              target="_blank"
              rel="noopener noreferrer"
              rightSection={<IconExternalLink size={16} aria-hidden />}
            >
              Setup
            </Button>
          </Group>
        </Stack>
      </Card>
    </RequireStoreUser>
  );
}
