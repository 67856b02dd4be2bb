import type { ReactNode } from "react";

/** One column of a list: its header, how a row shows it, and how it sorts. */
export interface Column<T> {
  /** Stable key (React key and URL-independent id). */
  key: string;
  header: string;
  render: (item: T) => ReactNode;
  /**
   * The API's sort field (`?sort=field` / `-field`). On a list loaded whole (`mode: "client"`)
   * give `sortValue` instead (or as well): the list sorts itself.
   */
  sort?: string;
  sortValue?: (item: T) => string | number | bigint | null | undefined;
  /** Keep the cell on one line (dates, money). */
  nowrap?: boolean;
  align?: "left" | "right";
  /** The card's title at phone widths (one column, usually the name or number). */
  primary?: boolean;
  /** Left out of the phone card (e.g. a column repeating the title). */
  hideOnCard?: boolean;
}

export interface Option {
  value: string;
  label: string;
}

/** A filter kept in the URL (`?name=value`); every change resets paging. */
export type Filter =
  | {
      kind: "select";
      name: string;
      label: string;
      data: Option[];
      placeholder?: string;
      searchable?: boolean;
      /** The value without one in the URL (shown and sent; choosing it clears the URL). */
      defaultValue?: string;
      /** An option meaning "no filter" (e.g. "all"): shown, never sent to the API. */
      anyValue?: string;
    }
  | { kind: "date"; name: string; label: string }
  | { kind: "search"; name?: string; label?: string; placeholder: string }
  | { kind: "switch"; name: string; label: string }
  /** Kept in the URL and sent, not shown (e.g. `accountId` from a link on the account page). */
  | { kind: "hidden"; name: string };
