import { Badge, createTheme } from "@mantine/core";

export const theme = createTheme({
  primaryColor: "indigo",
  defaultRadius: "md",
  fontFamily:
    "Inter, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', sans-serif",
  headings: { fontWeight: "650" },
  components: {
    Table: { defaultProps: { highlightOnHover: true } },
    Paper: { defaultProps: { withBorder: true, radius: "md" } },
    // Badges are short labels: never squeeze them into an ellipsis inside a table cell.
    Badge: Badge.extend({ styles: { root: { minWidth: "max-content" } } }),
  },
});
