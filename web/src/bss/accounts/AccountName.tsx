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

/** An account's name linking to it, for list rows that carry only the account id. */
export function AccountName({ id }: { id: string }) {
  const [name, setName] = useState(names.get(id));
  useEffect(() => {
    let live = true;
    if (!names.has(id)) void lookUp(id).then((n) => live && setName(n));
    else setName(names.get(id));
    return () => {
      live = false;
    };
  }, [id]);
  if (name === undefined) return <Skeleton h={14} w={120} />;
  return (
    <Anchor component={Link} to={`/bss/accounts/${id}`} size="sm">
      {name}
    </Anchor>
  );
}
