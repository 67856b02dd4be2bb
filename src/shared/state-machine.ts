import { AppError } from "./errors.ts";

/**
 * A status transition table as data (DESIGN.md "State machines as data").
 * `transitions[from]` lists the statuses reachable from `from`; final statuses list none.
 */
export interface StateMachine<S extends string> {
  readonly name: string;
  readonly transitions: Readonly<Record<S, readonly S[]>>;
  canTransition(from: S, to: S): boolean;
  assertTransition(from: S, to: S): void;
  isFinal(status: S): boolean;
}

export function defineStateMachine<S extends string>(
  name: string,
  transitions: Readonly<Record<S, readonly S[]>>,
): StateMachine<S> {
  return {
    name,
    transitions,
    canTransition: (from, to) => transitions[from]?.includes(to) ?? false,
    assertTransition(from, to) {
      if (!transitions[from]?.includes(to)) {
        throw new AppError("conflict", `A ${name} cannot go from ${from} to ${to}`, {
          from,
          to,
          entity: name,
        });
      }
    },
    isFinal: (status) => (transitions[status]?.length ?? 0) === 0,
  };
}
