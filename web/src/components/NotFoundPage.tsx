import { Button, Center, Stack, Text, Title } from "@mantine/core";
import { Link } from "react-router";
import { useTitle } from "../hooks.ts";

export function NotFoundPage({ home, title = "Page not found" }: { home?: string; title?: string }) {
  useTitle(title);
  return (
    <Center py={80} px="md">
      <Stack align="center" gap="sm">
        <Text fz={48} fw={700} c="dimmed" aria-hidden>
          404
        </Text>
        <Title order={1} fz="h2" ta="center">
          {title}
        </Title>
        <Text c="dimmed" ta="center">
          The address may be mistyped, or the page has moved.
        </Text>
        {home && (
          <Button component={Link} to={home} variant="light">
            Go to the start page
          </Button>
        )}
      </Stack>
    </Center>
  );
}
