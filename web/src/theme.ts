import { Badge, createTheme } from "@mantine/core";

/**
 * WCAG 2.1 AA (issue 16): text and its background differ by at least 4.5:1. Mantine's shade 6
 * of indigo is 4.3:1 on white, so the light scheme uses shade 8 (5.7:1) for filled buttons,
 * links and the light variants' text; the dimmed text colour is set in app.css.
 */
export const theme = createTheme({
  primaryColor: "indigo",
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: "md",
  fontFamily:
    "Inter, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', sans-serif",
  headings: { fontWeight: "650" },
  components: {
    Table: { defaultProps: { highlightOnHover: true } },
    // Links are told apart from the text around them by more than their colour (WCAG 1.4.1).
    Anchor: { defaultProps: { underline: "always" } },
    // Dialogs' close buttons are icons: give them a name (WCAG 4.1.2).
    Modal: { defaultProps: { closeButtonProps: { "aria-label": "Close" } } },
    Drawer: { defaultProps: { closeButtonProps: { "aria-label": "Close" } } },
    // A table wider than a phone scrolls sideways: the keyboard must reach it too (WCAG 2.1.1).
    TableScrollContainer: { defaultProps: { scrollAreaProps: { viewportProps: { tabIndex: 0 } } } },
    Paper: { defaultProps: { withBorder: true, radius: "md" } },
    // Badges are short labels: never squeeze them into an ellipsis inside a table cell.
    Badge: Badge.extend({ styles: { root: { minWidth: "max-content" } } }),
  },
});
