import { Anchor, Breadcrumbs, Group, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { useTitle } from "../hooks.ts";

export interface Crumb {
  label: string;
  to: string;
}

export function PageHeader({
  title,
  description,
  crumbs,
  actions,
}: {
  title: string;
  description?: ReactNode;
  crumbs?: Crumb[];
  actions?: ReactNode;
}) {
  useTitle(title);
  return (
    <Stack gap={4} mb="lg">
      {crumbs && crumbs.length > 0 && (
        <Breadcrumbs separatorMargin={6} fz="sm">
          {crumbs.map((c) => (
            <Anchor key={c.to} component={Link} to={c.to} size="sm">
              {c.label}
            </Anchor>
          ))}
        </Breadcrumbs>
      )}
      <Group justify="space-between" align="flex-end" gap="sm">
        {/* The page's one h1 (WCAG 2.4.6, 1.3.1), sized as before. */}
        <Title order={1} fz="h2">
          {title}
        </Title>
        {actions && <Group gap="sm">{actions}</Group>}
      </Group>
      {description && (
        <Text c="dimmed" size="sm" component={typeof description === "string" ? "p" : "div"}>
          {description}
        </Text>
      )}
    </Stack>
  );
}
