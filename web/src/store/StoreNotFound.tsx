import { Center, Stack, Text, Title } from "@mantine/core";
import { IconBuildingStore } from "@tabler/icons-react";
import { useTitle } from "../hooks.ts";

export function StoreNotFound({ alias }: { alias: string }) {
  useTitle("Store not found");
  return (
    <Center py={80}>
      <Stack align="center" gap="sm" maw={460}>
        <IconBuildingStore size={48} stroke={1.3} color="var(--mantine-color-dimmed)" aria-hidden />
        <Title order={1} fz="h2" ta="center" data-testid="store-not-found">
          This store does not exist
        </Title>
        <Text c="dimmed" ta="center">
          There is no store at <code>/store/{alias}</code>. Check the address you were given by your reseller.
        </Text>
      </Stack>
    </Center>
  );
}
