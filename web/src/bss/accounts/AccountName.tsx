import { Anchor, Skeleton } from "@mantine/core";
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { api } from "../../api.ts";
import { toAccount } from "./accounts.api.ts";

// Names of accounts already looked up in this session: a list page of 25 rows asks once per account.
const names = new Map<string, string>();
const pending = new Map<string, Promise<string>>();

function lookUp(id: string): Promise<string> {
  const known = pending.get(id);
  if (known) return known;
  const p = api
    .get<unknown>(`/api/bss/accounts/${encodeURIComponent(id)}`)
    .then((raw) => toAccount(raw).name)
    .catch(() => id)
    .then((name) => {
      names.set(id, name);
      return name;
    });
  pending.set(id, p);
  return p;
}

/**
 * An account's name linking to it. List rows that carry the name (`accountName` of the order and
 * subscription lists) pass it; a row with only the id looks the name up once per session.
 */
export function AccountName({ id, name: given }: { id: string; name?: string | null | undefined }) {
  if (given) names.set(id, given);
  const [name, setName] = useState(given ?? names.get(id));
  useEffect(() => {
    let live = true;
    if (given) setName(given);
    else if (!names.has(id)) void lookUp(id).then((n) => live && setName(n));
    else setName(names.get(id));
    return () => {
      live = false;
    };
  }, [id, given]);
  if (name === undefined) return <Skeleton h={14} w={120} />;
  return (
    <Anchor component={Link} to={`/bss/accounts/${id}`} size="sm">
      {name}
    </Anchor>
  );
}
