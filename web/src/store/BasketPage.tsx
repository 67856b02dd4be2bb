import { Alert, Button, Group, Paper, Stack, Text } from "@mantine/core";
import { IconArrowRight } from "@tabler/icons-react";
import { useEffect } from "react";
import { Link } from "react-router";
import { formatMoney } from "../api.ts";
import { PageHeader } from "../components/PageHeader.tsx";
import { EmptyState, QueryView } from "../components/States.tsx";
import { useApi } from "../hooks.ts";
import { BasketLines } from "./BasketLines.tsx";
import { useStore } from "./StoreLayout.tsx";
import type { Basket, Installments } from "./store.api.ts";

/** The basket: quantity, billing plan and service details per line, each with its pre-check inline. */
export function BasketPage() {
  const { alias, setBasketCount } = useStore();
  const state = useApi<Basket>("/api/storefront/basket");
  const installments = useApi<Installments>("/api/storefront/basket/installments");
  const { reload } = state;
  const reloadInstallments = installments.reload;
  useEffect(() => {
    if (state.data) setBasketCount(state.data.lines.length);
  }, [state.data, setBasketCount]);

  return (
    <>
      <PageHeader title="Your basket" description="Every line is checked as you edit it." />
      <QueryView state={state} loadingLabel="Loading your basket…">
        {(basket) =>
          basket.lines.length === 0 ? (
            <EmptyState title="Your basket is empty">
              <Button component={Link} to={`/store/${alias}`} variant="light" mt="sm">
                Browse products
              </Button>
            </EmptyState>
          ) : (
            <Stack gap="lg">
              <BasketLines
                basket={basket}
                violations={basket.violations}
                {...(installments.data ? { installments: installments.data } : {})}
                onChanged={() => {
                  reload();
                  reloadInstallments();
                }}
              />
              <Paper withBorder p="md">
                <Group justify="space-between" wrap="wrap">
                  <div>
                    <Text size="sm" c="dimmed">
                      Total for the first commitment term
                    </Text>
                    <Text fz="xl" fw={700} data-testid="basket-total">
                      {formatMoney(basket.total)}
                    </Text>
                  </div>
                  <Button
                    component={Link}
                    to={`/store/${alias}/checkout`}
                    rightSection={<IconArrowRight size={16} aria-hidden />}
                  >
                    Proceed to checkout
                  </Button>
                </Group>
                {basket.violations.length > 0 && (
                  <Alert color="yellow" variant="light" mt="sm">
                    {basket.violations.length === 1
                      ? "One issue is marked above; fix it before you place the order."
                      : `${basket.violations.length} issues are marked above; fix them before you place the order.`}
                  </Alert>
                )}
              </Paper>
            </Stack>
          )
        }
      </QueryView>
    </>
  );
}
