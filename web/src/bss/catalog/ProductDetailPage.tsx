import { Anchor, Badge, Grid, Group, List, Paper, Text, Title } from "@mantine/core";
import { IconBan } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { Link, useParams } from "react-router";
import { formatMoney } from "../../api.ts";
import { NotFoundPage } from "../../components/NotFoundPage.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { ErrorState, Loading } from "../../components/States.tsx";
import { KeyValueTable, StatusBadge, TERM_LABELS, TermBadge } from "../../components/Values.tsx";
import { useApi } from "../../hooks.ts";
import { type ExclusiveSet, type ProductDetail, toProductDetail } from "./catalog.api.ts";
import { PoliciesPanel } from "./PoliciesPanel.tsx";
import { PriceProtectionPanel } from "./PriceProtectionPanel.tsx";
import { RelatedProducts } from "./RelatedProducts.tsx";

const CRUMBS = [{ label: "Catalogue", to: "/bss/catalogue" }];

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper p="md" h="100%">
      <Title order={3} fz="h4" mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

function Facts({ product }: { product: ProductDetail }) {
  const trial = product.isTrial ? (
    <>
      {product.trialDays ?? "?"} days
      {product.trialPaidProductId && (
        <>
          {" · "}
          <Anchor component={Link} to={`/bss/catalogue/products/${product.trialPaidProductId}`} size="sm">
            paid plan
          </Anchor>
        </>
      )}
    </>
  ) : (
    "No"
  );
  return (
    <KeyValueTable
      labels={{ sku: "SKU", listPrice: "List price (per unit and term)" }}
      data={{
        sku: <span className="mono">{product.sku}</span>,
        productType: product.productType?.name ?? product.productTypeId,
        kind: product.kind === "addon" ? "Add-on" : "Base product",
        term: `${product.term} · ${TERM_LABELS[product.term] ?? ""}`,
        trial,
        includedLicences: product.includedLicences,
        quantity: `${product.minQuantity} to ${product.maxQuantity ?? "unlimited"}`,
        listPrice: product.listPrice,
        cost: product.cost,
        managedBy: product.managedBy === "definition" ? "Services definition" : product.managedBy,
        description: product.description,
      }}
    />
  );
}

function ExclusiveSets({ sets }: { sets: ExclusiveSet[] }) {
  if (sets.length === 0) {
    return (
      <Text c="dimmed" size="sm">
        Not in any mutually exclusive set
      </Text>
    );
  }
  return (
    <List spacing="xs" size="sm" icon={<IconBan size={16} />} center>
      {sets.map((s) => (
        <List.Item key={s.id}>
          {s.name}{" "}
          <Text span size="xs" c="dimmed">
            (one per {s.scope.replace("_", " ")})
          </Text>
        </List.Item>
      ))}
    </List>
  );
}

export function ProductDetailPage() {
  const { id = "" } = useParams();
  const state = useApi(`/api/bss/catalog/products/${encodeURIComponent(id)}`, toProductDetail);

  if (state.error?.isNotFound) return <NotFoundPage title="Product not found" home="/bss/catalogue" />;
  if (state.error) return <ErrorState error={state.error} onRetry={state.reload} />;
  if (!state.data) return <Loading label="Loading product…" />;
  const p = state.data;
  return (
    <>
      <PageHeader
        title={p.name}
        crumbs={CRUMBS}
        description={
          <Group gap={6} component="span">
            <TermBadge term={p.term} />
            {p.kind === "addon" && (
              <Badge variant="light" color="teal">
                Add-on
              </Badge>
            )}
            {p.isTrial && (
              <Badge variant="light" color="yellow">
                Trial
              </Badge>
            )}
            <Text span size="sm" fw={600}>
              {formatMoney(p.listPrice)}
            </Text>
          </Group>
        }
        actions={<StatusBadge status={p.status} />}
      />
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Section title="Details">
            <Facts product={p} />
          </Section>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Section title="Characteristics">
            <KeyValueTable data={p.characteristics} />
          </Section>
        </Grid.Col>
        <Grid.Col span={{ base: 12 }}>
          <Section title="Features">
            {p.features.length ? (
              <List size="sm" spacing={4} data-testid="product-features">
                {p.features.map((f) => (
                  <List.Item key={f}>{f}</List.Item>
                ))}
              </List>
            ) : (
              <Text c="dimmed" size="sm">
                No features listed (the Storefront's cards show them)
              </Text>
            )}
          </Section>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Section title="Related products">
            <RelatedProducts product={p} />
          </Section>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Section title="Exclusive sets">
            <ExclusiveSets sets={p.exclusiveSets} />
          </Section>
        </Grid.Col>
        <Grid.Col span={12}>
          <Section title="Price protection">
            <Text size="xs" c="dimmed" mb="sm">
              R-PRC-02: a purchase's price and cost are locked for renewals and licence changes for these
              months (per currency and commitment term; 0 = off). The product's own term wins over its type's.
            </Text>
            <PriceProtectionPanel target={{ productId: p.id }} label="This product" />
            <PriceProtectionPanel
              target={{ productTypeId: p.productTypeId }}
              label={`Every product of the type ${p.productType?.name ?? p.productTypeId}`}
            />
          </Section>
        </Grid.Col>
        <Grid.Col span={12}>
          <Section title="Policies">
            <Text size="xs" c="dimmed" mb="sm">
              The product type's policies, with this product's own overrides applied.
            </Text>
            <PoliciesPanel policies={p.effectivePolicies} overrides={p.policies} />
          </Section>
        </Grid.Col>
      </Grid>
    </>
  );
}
