import { Anchor, Button, Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { Link } from "react-router";
import { formatMoney } from "../../api.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { EmptyState, QueryView } from "../../components/States.tsx";
import { useApi } from "../../hooks.ts";
import { LazySpendSection as SpendSection } from "../../revenue/lazy.tsx";
import { OrderStatusBadge } from "../StoreBadges.tsx";
import { useStore } from "../StoreLayout.tsx";
import type { DashboardSummary } from "../store.api.ts";

/** R-DSH-01: recent orders with View All Orders, the number of subscriptions and of assets. */
export function BillingOverviewPage() {
  const { alias } = useStore();
  const base = `/store/${alias}/billing`;
  const state = useApi<DashboardSummary>("/api/storefront/dashboard");
  return (
    <>
      <PageHeader title="Billing" description="Your orders, subscriptions and assets at a glance." />
      <QueryView state={state} loadingLabel="Loading your billing overview…">
        {(s) => (
          <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
            <Card
              withBorder
              padding="lg"
              style={{ gridColumn: "span 1" }}
              component="section"
              aria-labelledby="recent-orders"
            >
              <Group justify="space-between" mb="sm">
                <Title order={2} fz="h4" id="recent-orders">
                  Recent orders
                </Title>
                <Button component={Link} to={`${base}/orders`} variant="subtle" size="compact-sm">
                  View All Orders
                </Button>
              </Group>
              {s.recentOrders.length === 0 ? (
                <EmptyState title="No orders yet" />
              ) : (
                <Stack gap={0} component="ul" p={0} m={0} style={{ listStyle: "none" }}>
                  {s.recentOrders.map((o) => (
                    <Group
                      key={o.id}
                      component="li"
                      justify="space-between"
                      gap="xs"
                      py={6}
                      style={{ borderBottom: "1px solid var(--mantine-color-default-border)" }}
                    >
                      <Group gap="xs">
                        <Anchor component={Link} to={`${base}/orders/${o.id}`} fw={500}>
                          #{o.number}
                        </Anchor>
                        <OrderStatusBadge status={o.status} />
                      </Group>
                      <Text size="sm">{o.total ? formatMoney(o.total) : "-"}</Text>
                    </Group>
                  ))}
                </Stack>
              )}
            </Card>
            <Card withBorder padding="lg" component="section" aria-labelledby="subs-count">
              <Title order={2} fz="h4" id="subs-count">
                Subscriptions
              </Title>
              <Text fz={40} fw={700} data-testid="subscription-count">
                {s.subscriptions}
              </Text>
              <Text size="sm" c="dimmed" mb="sm">
                {s.liveSubscriptions} active
              </Text>
              <Button component={Link} to={`${base}/subscriptions`} variant="light">
                View All Subscriptions
              </Button>
            </Card>
            <Card withBorder padding="lg" component="section" aria-labelledby="assets-count">
              <Title order={2} fz="h4" id="assets-count">
                Assets
              </Title>
              <Text fz={40} fw={700} data-testid="asset-count">
                {s.assets}
              </Text>
              <Text size="sm" c="dimmed">
                licences on your active subscriptions
              </Text>
            </Card>
          </SimpleGrid>
        )}
      </QueryView>
      <Stack mt="lg">
        <SpendSection />
      </Stack>
    </>
  );
}
