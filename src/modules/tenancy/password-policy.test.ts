import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { TEST_PASSWORD, unique } from "../../../test/factories.ts";
import { createTestApp, signIn, type TestApp } from "../../../test/http.ts";
import { buildChannel, rejectsWith } from "../../../test/tenancy-fixtures.ts";
import { loadConfig } from "../../config.ts";
import { queryOne, sql } from "../../shared/db.ts";
import { bootstrapDistributor } from "./index.ts";
import { passwordProblem } from "./password-policy.ts";

/** The password policy (password-policy.ts) as a table, then where passwords are set over HTTP. */
describe("password policy", () => {
  const owner = { email: "Maria.Papadopoulou@example.test", name: "Maria Papadopoulou" };

  it("refuses short, repeated, digits-only, common and personal passwords, naming the problem", () => {
    const weak: [string, RegExp][] = [
      ["short one", /at least 10 characters/],
      ["aaaaaaaaaa", /one character repeated/],
      ["          ", /one character repeated/],
      ["1234567890", /only digits/],
      ["0000 1111 2222", /only digits/],
      ["abcabcabcabc", /sequence repeated/],
      ["12121212121212", /only digits/],
      ["xyzwxyzwxyzw", /sequence repeated/],
      ["passwordpassword", /sequence repeated/],
      ["qwertyuiop", /Too common/],
      ["Password2024!", /Too common/],
      ["P a s s w o r d 1", /Too common/],
      ["letmein!!!!", /Too common/],
      ["openbss2026", /Too common/],
      ["1q2w3e4r5t", /Too common/],
      ["maria.papadopoulou@example.test", /email or name/],
      ["Maria.Papadopoulou", /email or name/],
      ["MariaPapadopoulou", /email or name/],
      ["mariapapadopoulou1!", /email or name/],
    ];
    for (const [password, problem] of weak) {
      const found = passwordProblem(password, owner);
      assert.ok(found, `${JSON.stringify(password)} should be refused`);
      assert.match(found, problem, JSON.stringify(password));
    }
  });

  it("accepts the demo password, the tests' password and ordinary passphrases", () => {
    for (const password of [
      loadConfig({}).OPENBSS_DEMO_PASSWORD,
      "openbss-demo",
      TEST_PASSWORD,
      "long enough password",
      "Maria likes tea at 5",
      "vR7#kq2!Lm",
      "ευκάλυπτος-2026",
    ])
      assert.equal(passwordProblem(password, owner), null, password);
  });

  it("the demo password must be at least 10 characters long (config fails fast otherwise)", () => {
    assert.throws(() => loadConfig({ OPENBSS_DEMO_PASSWORD: "short-pw" }), /OPENBSS_DEMO_PASSWORD/);
  });

  describe("where passwords are set", () => {
    let t: TestApp;
    let admin: { cookie: string };
    const usersNamed = async (email: string) =>
      Number(
        (await queryOne<{ n: number }>(
          t.deps.db,
          sql`select count(*)::int as n from users where lower(email) = lower(${email})`,
        ))!.n,
      );

    before(async () => {
      t = await createTestApp();
      const c = await buildChannel(t.deps);
      admin = await signIn(t.app, c.admin.email, "bss");
    });
    after(() => t.close());

    const post = (url: string, payload: object) =>
      t.app.inject({ method: "POST", url, headers: admin, payload });

    it("POST /api/bss/users: a weak password is a 400 naming the field; nothing is created", async () => {
      for (const [password, problem] of [
        ["Password1234", /Too common/],
        ["9999999999", /repeated|digits/],
        ["newclerk-x", null],
      ] as const) {
        const email = `newclerk-x@${unique("d")}.test`;
        const res = await post("/api/bss/users", { email, name: "New Clerk", role: "clerk", password });
        assert.equal(res.statusCode, 400, res.body);
        const { error } = res.json();
        assert.equal(error.code, "validation_failed");
        assert.equal(error.details.issues[0].path, "password");
        if (problem) assert.match(error.message, problem);
        else assert.match(error.message, /password: Must not be the user's email or name/);
        assert.equal(await usersNamed(email), 0);
      }
      const ok = await post("/api/bss/users", {
        email: `${unique("clerk")}@x.test`,
        name: "New Clerk",
        role: "clerk",
        password: "a proper passphrase",
      });
      assert.equal(ok.statusCode, 201, ok.body);
    });

    it("POST /api/bss/tenants: the tenant reseller's first admin gets the same policy; no tenant is created", async () => {
      const slug = unique("weak").toLowerCase().slice(0, 30);
      const email = `${unique("tradmin")}@tr.test`;
      const res = await post("/api/bss/tenants", {
        name: "Weak TR",
        slug,
        admin: { email, name: "TR Admin", password: "Welcome123!" },
      });
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().error.details.issues[0].path, "admin.password");
      assert.match(res.json().error.message, /admin\.password: Too common/);
      const tenant = await queryOne(t.deps.db, sql`select id from tenants where slug = ${slug}`);
      assert.equal(tenant, undefined);
      assert.equal(await usersNamed(email), 0);
    });

    it("bootstrapping a distributor (CLI, demo seed) refuses a weak first admin password", async () => {
      const slug = unique("boot").toLowerCase().slice(0, 30);
      await assert.rejects(
        bootstrapDistributor(t.deps, {
          name: "Boot",
          slug,
          admin: { email: `${unique("boot")}@boot.test`, name: "Boot Admin", password: "aaaaaaaaaaaa" },
        }),
        rejectsWith("validation_failed"),
      );
      assert.equal(await queryOne(t.deps.db, sql`select id from tenants where slug = ${slug}`), undefined);
    });
  });
});
