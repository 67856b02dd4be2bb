import { Anchor, Badge, Button, Group, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from "@mantine/core";
import {
  IconAlertTriangle,
  IconCalendarDollar,
  IconChecklist,
  IconCircleX,
  IconPackage,
  IconReceipt2,
  IconServerCog,
  IconTags,
  IconUsers,
} from "@tabler/icons-react";
import type { ComponentType } from "react";
import { Link } from "react-router";
import { formatDate, formatDateTime, toPage } from "../api.ts";
import { PageHeader } from "../components/PageHeader.tsx";
import { ErrorState } from "../components/States.tsx";
import { StatusBadge } from "../components/Values.tsx";
import { useApi } from "../hooks.ts";
import { LazyRevenueSection as RevenueSection } from "../revenue/lazy.tsx";
import type { Clock } from "./billing/BillingRunsPage.tsx";
import { type BillingRun, toRunPage } from "./billing/billing.api.ts";
import { useBssSession } from "./session.tsx";

interface Health {
  status: string;
  database: string;
  clock: { kind: string; now: string };
  version: string;
}

const COUNTS = [
  { label: "Accounts", path: "/api/bss/accounts", to: "/bss/accounts", icon: IconUsers },
  {
    // R-CRQ-02: the pending cancellation requests, to approve or reject.
    label: "Pending cancellation requests",
    path: "/api/bss/cancellation-requests?status=pending",
    to: "/bss/cancellation-requests",
    icon: IconCircleX,
  },
  { label: "Products", path: "/api/bss/catalog/products", to: "/bss/catalogue", icon: IconPackage },
  {
    label: "Product types",
    path: "/api/bss/catalog/product-types",
    to: "/bss/catalogue/product-types",
    icon: IconTags,
  },
  { label: "Price lists", path: "/api/bss/catalog/price-lists", to: "/bss/price-lists", icon: IconReceipt2 },
  {
    label: "Service managers",
    path: "/api/bss/service-managers",
    to: "/bss/service-managers",
    icon: IconServerCog,
  },
] as const;

// Some lists (product types, service managers) answer `{ items }` without paging: toPage counts them.
const totalOf = (raw: unknown) => toPage(raw, (item) => item).total;

function CountCard({
  label,
  path,
  to,
  icon: Icon,
}: {
  label: string;
  path: string;
  to: string;
  icon: ComponentType<{ size?: number; stroke?: number }>;
}) {
  const { data, error, loading } = useApi(`${path}${path.includes("?") ? "&" : "?"}limit=1`, totalOf);
  return (
    <Paper p="md">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={2}>
          <Anchor component={Link} to={to} size="sm" c="dimmed" fw={500}>
            {label}
          </Anchor>
          {loading ? (
            <Skeleton h={28} w={48} mt={4} />
          ) : error ? (
            <Text size="sm" c="dimmed" title={error.message}>
              unavailable
            </Text>
          ) : (
            <Text fz={28} fw={700} lh={1.2} aria-label={`${data ?? 0} ${label.toLowerCase()}`}>
              {data ?? 0}
            </Text>
          )}
        </Stack>
        <Icon size={26} stroke={1.5} />
      </Group>
    </Paper>
  );
}

/** A count of work waiting somewhere, linking to the filtered list. */
function WorkCard({
  title,
  path,
  to,
  icon: Icon,
  color,
  noun,
  testId,
}: {
  title: string;
  path: string;
  to: string;
  icon: ComponentType<{ size?: number; stroke?: number; color?: string }>;
  color: string;
  noun: string;
  testId: string;
}) {
  const { data, error, loading } = useApi(path, totalOf);
  const count = data ?? 0;
  return (
    <Paper p="md" data-testid={testId}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb="xs">
        <Title order={3} fz="h5">
          {title}
        </Title>
        <Icon size={22} stroke={1.6} color={`var(--mantine-color-${count > 0 ? color : "gray"}-6)`} />
      </Group>
      {loading && data === undefined ? (
        <Skeleton h={28} w={64} />
      ) : error ? (
        <Text size="sm" c="dimmed" title={error.message}>
          unavailable
        </Text>
      ) : (
        <Group justify="space-between" align="flex-end">
          <Text fz={28} fw={700} lh={1.2} c={count > 0 ? color : undefined} data-testid={`${testId}-count`}>
            {count}
          </Text>
          <Button
            component={Link}
            to={to}
            variant="subtle"
            size="compact-sm"
            aria-label={`${count > 0 ? "Review" : "Open list of"} ${noun}`}
          >
            {count > 0 ? "Review" : "Open list"}
          </Button>
        </Group>
      )}
    </Paper>
  );
}

function TodayBilling() {
  const clock = useApi<Clock>("/api/bss/clock");
  const today = clock.data?.today;
  const docs = (kind: string) =>
    today ? `/api/bss/documents?kind=${kind}&from=${today}&to=${today}&limit=1` : null;
  const invoices = useApi(docs("invoice"), totalOf);
  const credits = useApi(docs("credit_note"), totalOf);
  const runs = useApi("/api/bss/billing/runs?limit=10", toRunPage);
  const run: BillingRun | undefined = runs.data?.items.find((r) => r.runDate === today);
  const failed = clock.error ?? invoices.error ?? credits.error ?? runs.error;
  return (
    <Paper p="md" data-testid="today-billing">
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb="xs">
        <Title order={3} fz="h5">
          Today's billing{today ? ` · ${formatDate(today)}` : ""}
        </Title>
        <IconCalendarDollar size={22} stroke={1.6} />
      </Group>
      {failed ? (
        <Text size="sm" c="dimmed" title={failed.message}>
          unavailable
        </Text>
      ) : invoices.data === undefined || credits.data === undefined || !runs.data ? (
        <Skeleton h={44} />
      ) : (
        <Stack gap={4}>
          <Group gap="xs">
            <Anchor
              component={Link}
              to={`/bss/billing/documents?kind=invoice&from=${today}&to=${today}`}
              size="sm"
            >
              {invoices.data} invoices
            </Anchor>
            <Text size="sm" c="dimmed">
              ·
            </Text>
            <Anchor
              component={Link}
              to={`/bss/billing/documents?kind=credit_note&from=${today}&to=${today}`}
              size="sm"
            >
              {credits.data} credit notes
            </Anchor>
          </Group>
          <Group gap="xs">
            <Text size="sm">Run:</Text>
            {run ? (
              <StatusBadge status={run.status} />
            ) : (
              <Text size="sm" c="dimmed">
                not run yet
              </Text>
            )}
            <Anchor component={Link} to="/bss/billing/runs" size="sm">
              Billing runs
            </Anchor>
          </Group>
        </Stack>
      )}
    </Paper>
  );
}

function HealthPanel() {
  const health = useApi<Health>("/api/health");
  if (health.error)
    return <ErrorState error={health.error} title="Health check failed" onRetry={health.reload} />;
  const h = health.data;
  return (
    <Paper p="md">
      <Group justify="space-between" mb="sm">
        <Title order={3} fz="h4">
          System
        </Title>
        {h ? (
          <Badge color={h.status === "ok" ? "green" : "red"} variant="light">
            {h.status === "ok" ? "Healthy" : h.status}
          </Badge>
        ) : (
          <Skeleton h={20} w={64} />
        )}
      </Group>
      <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="md">
        <Stat label="Database" value={h && (h.database === "pglite" ? "Embedded (PGlite)" : "PostgreSQL")} />
        <Stat label="Clock" value={h && (h.clock.kind === "manual" ? "Manual (sandbox)" : "System")} />
        <Stat label="Now" value={h && formatDateTime(h.clock.now)} />
      </SimpleGrid>
    </Paper>
  );
}

function Stat({ label, value }: { label: string; value: string | undefined }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      {value === undefined ? <Skeleton h={20} mt={4} /> : <Text fw={500}>{value}</Text>}
    </div>
  );
}

export function DashboardPage() {
  const { tenant, actor } = useBssSession();
  return (
    <>
      <PageHeader
        title="Dashboard"
        description={
          <span data-testid="dashboard-welcome">
            {tenant ? `${tenant.name} · ${tenant.kind.replace("_", " ")} · ${tenant.currency}` : actor.email}
          </span>
        }
      />
      <Stack gap="lg">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
          <WorkCard
            title="Orders waiting for approval"
            path="/api/bss/orders?status=pending_reseller_approval&limit=1"
            to="/bss/orders?status=pending_reseller_approval"
            icon={IconChecklist}
            color="yellow"
            noun="orders waiting for approval"
            testId="orders-waiting"
          />
          <WorkCard
            title="Failed provisioning"
            path="/api/bss/subscriptions?syncStatus=failed&limit=1"
            to="/bss/subscriptions?syncStatus=failed"
            icon={IconAlertTriangle}
            color="red"
            noun="subscriptions whose provisioning failed"
            testId="failed-provisioning"
          />
          <TodayBilling />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 2, md: 3, lg: 5 }} spacing="md">
          {COUNTS.map((c) => (
            <CountCard key={c.path} {...c} />
          ))}
        </SimpleGrid>
        <RevenueSection path="/api/bss/revenue" preferredCurrency={tenant?.currency} />
        <HealthPanel />
      </Stack>
    </>
  );
}
