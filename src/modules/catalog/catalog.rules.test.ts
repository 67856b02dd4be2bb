import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  applyMarkup,
  checkUpgradePath,
  type Edge,
  findCycle,
  type PathProduct,
  reachableFrom,
  resolveUnitPrice,
  upgradesAndDowngrades,
} from "./catalog.rules.ts";

const e = (from: string, to: string): Edge => ({ from, to });
const product = (id: string, over: Partial<PathProduct> = {}): PathProduct => ({
  id,
  productTypeId: "pty_a",
  kind: "base",
  term: "MCMB",
  isTrial: false,
  name: id,
  ...over,
});

describe("upgrade paths (R-UPG-06)", () => {
  const cases: { name: string; edges: Edge[]; of: string; upgrades: string[]; downgrades: string[] }[] = [
    { name: "a declared edge", edges: [e("A", "B")], of: "A", upgrades: ["B"], downgrades: [] },
    {
      name: "B upgrade of A ⇒ A downgrade of B",
      edges: [e("A", "B")],
      of: "B",
      upgrades: [],
      downgrades: ["A"],
    },
    {
      name: "A→B, B→D gives A→D",
      edges: [e("A", "B"), e("B", "D")],
      of: "A",
      upgrades: ["B", "D"],
      downgrades: [],
    },
    {
      name: "downgrades chain too",
      edges: [e("A", "B"), e("B", "D")],
      of: "D",
      upgrades: [],
      downgrades: ["A", "B"],
    },
    {
      name: "a diamond counts each product once",
      edges: [e("A", "B"), e("A", "C"), e("B", "D"), e("C", "D")],
      of: "A",
      upgrades: ["B", "C", "D"],
      downgrades: [],
    },
    {
      name: "unrelated products stay out",
      edges: [e("A", "B"), e("X", "Y")],
      of: "A",
      upgrades: ["B"],
      downgrades: [],
    },
    { name: "no edges", edges: [], of: "A", upgrades: [], downgrades: [] },
  ];
  for (const c of cases)
    it(`R-UPG-06 ${c.name}`, () => {
      assert.deepEqual(upgradesAndDowngrades(c.edges, c.of), {
        upgrades: c.upgrades,
        downgrades: c.downgrades,
      });
    });

  it("R-UPG-06 / R-TRL-01 a trial is never a downgrade target", () => {
    const r = upgradesAndDowngrades([e("T", "A"), e("A", "B")], "B", (id) => id === "T");
    assert.deepEqual(r, { upgrades: [], downgrades: ["A"] });
  });

  it("R-UPG-06 finds cycles and only cycles", () => {
    assert.equal(findCycle([e("A", "B"), e("B", "C")]), undefined);
    assert.deepEqual(findCycle([e("A", "B"), e("B", "C"), e("C", "A")]), ["A", "B", "C", "A"]);
    assert.deepEqual(findCycle([e("X", "Y"), e("Y", "Y")]), ["Y", "Y"]);
  });

  it("R-UPG-06 closure equals reachability (property: transitive, never contains the start)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 })), { maxLength: 15 }),
        (pairs) => {
          const edges = pairs.map(([a, b]) => e(`p${a}`, `p${b}`));
          for (const start of ["p0", "p1", "p2"]) {
            const reach = new Set(reachableFrom(edges, start));
            assert.ok(!reach.has(start));
            for (const x of reach)
              for (const y of reachableFrom(edges, x)) if (y !== start) assert.ok(reach.has(y));
          }
        },
      ),
    );
  });

  const check = (existing: Edge[], from: PathProduct, to: PathProduct, sameTermOnly = true) =>
    checkUpgradePath(existing, from, to, { sameTermOnly }).map((v) => v.code);
  const table: { name: string; existing: Edge[]; from: PathProduct; to: PathProduct; codes: string[] }[] = [
    { name: "a valid path", existing: [], from: product("A"), to: product("B"), codes: [] },
    {
      name: "a path across product types is refused",
      existing: [],
      from: product("A"),
      to: product("B", { productTypeId: "pty_b" }),
      codes: ["R-UPG-06"],
    },
    {
      name: "a path that closes a cycle is refused",
      existing: [e("A", "B"), e("B", "C")],
      from: product("C"),
      to: product("A"),
      codes: ["R-UPG-06"],
    },
    {
      name: "a duplicate is refused",
      existing: [e("A", "B")],
      from: product("A"),
      to: product("B"),
      codes: ["R-UPG-06"],
    },
    {
      name: "a product to itself is refused",
      existing: [],
      from: product("A"),
      to: product("A"),
      codes: ["R-UPG-06"],
    },
    {
      name: "add-ons have no paths",
      existing: [],
      from: product("A"),
      to: product("B", { kind: "addon" }),
      codes: ["R-UPG-06"],
    },
    {
      name: "R-UPG-02 another term is refused",
      existing: [],
      from: product("A"),
      to: product("B", { term: "AC1Y" }),
      codes: ["R-UPG-02"],
    },
    {
      name: "R-TRL-01 never into a trial",
      existing: [],
      from: product("A"),
      to: product("B", { isTrial: true }),
      codes: ["R-TRL-01"],
    },
  ];
  for (const c of table)
    it(`R-UPG-06 checkUpgradePath: ${c.name}`, () => {
      assert.deepEqual(check(c.existing, c.from, c.to), c.codes);
    });

  it("R-UPG-02 another term is allowed when the type does not require the same term", () => {
    assert.deepEqual(check([], product("A"), product("B", { term: "AC1Y" }), false), []);
  });
});

describe("price resolution", () => {
  const p = { listPrice: 1500n, cost: 1200n, currency: "EUR" };
  const table = [
    {
      name: "entry wins",
      list: { currency: "EUR", markupBasisPoints: 2500 },
      entry: { unitPrice: 1399n, cost: null },
      want: [1399n, "entry"],
    },
    {
      name: "markup over cost",
      list: { currency: "EUR", markupBasisPoints: 2500 },
      entry: undefined,
      want: [1500n, "markup"],
    },
    {
      name: "no markup: list price",
      list: { currency: "EUR", markupBasisPoints: null },
      entry: undefined,
      want: [1500n, "list_price"],
    },
    { name: "no list: list price", list: undefined, entry: undefined, want: [1500n, "list_price"] },
    {
      name: "markup in another currency does not apply",
      list: { currency: "USD", markupBasisPoints: 1000 },
      entry: undefined,
      want: [1500n, "list_price"],
    },
  ] as const;
  for (const c of table)
    it(c.name, () => {
      const r = resolveUnitPrice({ product: p, list: c.list, entry: c.entry });
      assert.deepEqual([r.amount, r.source], c.want);
    });

  it("markup rounds half-up to the minor unit", () => {
    assert.equal(applyMarkup(1001n, 500), 1051n); // 1051.05
    assert.equal(applyMarkup(10n, 500), 11n); // 10.5 → 11
    assert.equal(applyMarkup(1000n, -10_000), 0n);
    assert.throws(() => applyMarkup(1000n, -10_001), RangeError);
  });
});
