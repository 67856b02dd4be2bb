import { Anchor, Center, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { IconBuildingStore } from "@tabler/icons-react";
import { useLocation, useNavigate, useSearchParams } from "react-router";
import { SignInForm } from "../components/SignInForm.tsx";
import { useTitle } from "../hooks.ts";

/** Only same-app paths under /bss are followed after sign-in (no open redirect). */
function safeNext(next: string | null): string {
  return next?.startsWith("/bss") && !next.startsWith("//") ? next : "/bss";
}

export function BssLoginPage() {
  useTitle("Sign in");
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const location = useLocation();
  const signedOut = (location.state as { signedOut?: boolean } | null)?.signedOut;

  return (
    <Center mih="100vh" p="md" bg="var(--mantine-color-gray-light)">
      <Stack w="100%" maw={400} gap="lg">
        <Group gap="xs" justify="center">
          <IconBuildingStore size={28} stroke={1.6} color="var(--mantine-color-indigo-6)" aria-hidden />
          <Text fw={700} fz="xl">
            openbss
          </Text>
        </Group>
        <Paper p="xl" shadow="sm">
          <Stack gap="lg">
            <div>
              <Title order={1} fz="h3">
                Sign in to the back office
              </Title>
              <Text size="sm" c="dimmed" mt={4}>
                {signedOut ? "You have signed out." : "Use your BSS staff account."}
              </Text>
            </div>
            <SignInForm
              area="bss"
              onSignedIn={() => navigate(safeNext(params.get("next")), { replace: true })}
            />
          </Stack>
        </Paper>
        <Text size="sm" c="dimmed" ta="center">
          Demo users are listed in the README.{" "}
          <Anchor href="/api/docs" size="sm">
            API documentation
          </Anchor>
        </Text>
      </Stack>
    </Center>
  );
}
