import { Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { IconShoppingCartPlus } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { formatMoney } from "../api.ts";
import { EmptyState } from "../components/States.tsx";
import { TERM_LABELS } from "../components/Values.tsx";
import { useTitle } from "../hooks.ts";
import { AddToBasketModal } from "./AddToBasketModal.tsx";
import { ComparePlans, FeatureList } from "./ProductFeatures.tsx";
import { useStore } from "./StoreLayout.tsx";
import { type StoreProduct, TERM_SHORT } from "./store.api.ts";

function ProductCard({ product, onOrder }: { product: StoreProduct; onOrder: (p: StoreProduct) => void }) {
  return (
    <Card withBorder padding="lg" radius="md" h="100%" component="article" aria-label={product.name}>
      <Stack gap="xs" h="100%">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Title order={3} fz="h4">
            {product.name}
          </Title>
          {product.isTrial && (
            <Badge color="yellow" variant="light" style={{ flexShrink: 0 }}>
              {product.trialDays ? `${product.trialDays}-day trial` : "Trial"}
            </Badge>
          )}
        </Group>
        {product.description && (
          <Text size="sm" c="dimmed">
            {product.description}
          </Text>
        )}
        <FeatureList features={product.features} max={6} />
        <Group gap={6} align="baseline" mt="auto">
          <Text fz="xl" fw={700}>
            {product.price ? formatMoney(product.price) : "Price on request"}
          </Text>
          {product.term && product.price && (
            <Text size="sm" c="dimmed" title={TERM_LABELS[product.term]}>
              {TERM_SHORT[product.term] ?? product.term}
            </Text>
          )}
        </Group>
        <Button
          variant="light"
          leftSection={<IconShoppingCartPlus size={16} aria-hidden />}
          onClick={() => onOrder(product)}
          aria-label={`Add to basket: ${product.name}`}
        >
          Add to basket
        </Button>
      </Stack>
    </Card>
  );
}

function ProductGrid({
  products,
  onOrder,
}: {
  products: StoreProduct[];
  onOrder: (p: StoreProduct) => void;
}) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="md">
      {products
        .filter((p) => p.kind !== "addon")
        .map((p) => (
          <ProductCard key={p.id} product={p} onOrder={onOrder} />
        ))}
    </SimpleGrid>
  );
}

export function StoreFrontPage() {
  const { store, user, alias } = useStore();
  const navigate = useNavigate();
  const [ordering, setOrdering] = useState<string | null>(null);
  useTitle(store.reseller.name);
  const [params, setParams] = useSearchParams();
  // Back from signing in to order a product: open its order form (?add=<productId>).
  const pending = params.get("add");
  useEffect(() => {
    if (!pending || !user) return;
    setOrdering(pending);
    setParams({}, { replace: true });
  }, [pending, user, setParams]);
  const onOrder = (p: StoreProduct) => {
    if (user) setOrdering(p.id);
    else navigate(`/store/${alias}/login?next=${encodeURIComponent(`/store/${alias}?add=${p.id}`)}`);
  };
  const empty = store.products.length === 0 && store.groups.length === 0;
  return (
    <Stack gap="xl">
      <AddToBasketModal productId={ordering} onClose={() => setOrdering(null)} />
      <div>
        <Title order={1}>{store.reseller.name}</Title>
        <Text c="dimmed" mt={4}>
          Cloud services for your team, billed by {store.reseller.name}.
        </Text>
      </div>
      {empty && <EmptyState title="This store has no products yet">Please check back soon.</EmptyState>}
      {store.groups.map((g) => (
        <section key={g.id} aria-labelledby={`group-${g.id}`}>
          <Group justify="space-between" align="center" wrap="wrap">
            <Title order={2} fz="h3" id={`group-${g.id}`}>
              {g.name}
            </Title>
            <ComparePlans title={g.name} products={g.products} />
          </Group>
          {g.description && (
            <Text c="dimmed" size="sm" mb="sm">
              {g.description}
            </Text>
          )}
          <div style={{ marginTop: 12 }}>
            <ProductGrid products={g.products} onOrder={onOrder} />
          </div>
        </section>
      ))}
      {store.products.length > 0 && (
        <section aria-labelledby="store-products">
          <Group justify="space-between" align="center" wrap="wrap" mb="sm">
            <Title order={2} fz="h3" id="store-products">
              {store.groups.length > 0 ? "More products" : "Products"}
            </Title>
            <ComparePlans title="Products" products={store.products} />
          </Group>
          <ProductGrid products={store.products} onOrder={onOrder} />
        </section>
      )}
    </Stack>
  );
}
