import { Anchor, Skeleton } from "@mantine/core";
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { api } from "../../api.ts";
import { type OrderSummary, orderTitle } from "./orders.api.ts";

/**
 * An order's name ("Order #42") linking to it, for pages that carry only the order's id (a
 * subscription's origin): the id `ord_01…` is not a name people use (issue 16).
 */
export function OrderName({ id }: { id: string }) {
  const [title, setTitle] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api
      .get<OrderSummary>(`/api/bss/orders/${encodeURIComponent(id)}`)
      .then((o) => live && setTitle(orderTitle(o)))
      .catch(() => live && setTitle(`Order ${id}`));
    return () => {
      live = false;
    };
  }, [id]);
  if (title === null) return <Skeleton h={14} w={90} />;
  return (
    <Anchor component={Link} to={`/bss/orders/${id}`} size="sm">
      {title}
    </Anchor>
  );
}
