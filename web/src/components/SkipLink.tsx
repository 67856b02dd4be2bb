import type { MouseEvent } from "react";

/** The id of each layout's main element, the target of its skip link. */
export const MAIN_ID = "main-content";

/**
 * "Skip to content" (WCAG 2.4.1): the first focusable element of a layout, hidden until it has
 * the focus; it moves the focus to the main element (which has tabIndex -1) without changing
 * the URL, so the router sees no navigation.
 */
export function SkipLink() {
  function onClick(event: MouseEvent<HTMLAnchorElement>) {
    const main = document.getElementById(MAIN_ID);
    if (!main) return;
    event.preventDefault();
    main.focus();
    main.scrollIntoView({ block: "start" });
  }
  return (
    <a className="skip-link" href={`#${MAIN_ID}`} onClick={onClick}>
      Skip to content
    </a>
  );
}
