import { Center, Paper, Stack, Text, Title } from "@mantine/core";
import { useNavigate, useSearchParams } from "react-router";
import { SignInForm } from "../components/SignInForm.tsx";
import { useTitle } from "../hooks.ts";
import { useStore } from "./StoreLayout.tsx";

export function StoreLoginPage() {
  const { alias, store, setUser } = useStore();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const nextParam = params.get("next");
  // Only a path inside this store: never an open redirect.
  const inStore = (path: string) =>
    path.startsWith(`/store/${alias}/`) || path.startsWith(`/store/${alias}?`);
  const next = nextParam && inStore(nextParam) ? nextParam : `/store/${alias}/billing`;
  useTitle(`Sign in · ${store.reseller.name}`);
  return (
    <Center py="xl">
      <Paper p="xl" shadow="sm" w="100%" maw={420}>
        <Stack gap="lg">
          <div>
            <Title order={1} fz="h3">
              Sign in
            </Title>
            <Text size="sm" c="dimmed" mt={4}>
              Manage your subscriptions with {store.reseller.name}.
            </Text>
          </div>
          <SignInForm
            area="storefront"
            onSignedIn={(result) => {
              setUser({ email: result.actor.email ?? "", accountId: result.actor.accountId });
              navigate(next, { replace: true });
            }}
          />
          <Text size="xs" c="dimmed" ta="center">
            Demo users are listed in the README.
          </Text>
        </Stack>
      </Paper>
    </Center>
  );
}
