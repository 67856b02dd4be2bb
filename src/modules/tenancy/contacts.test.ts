import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, eq } from "drizzle-orm";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import { buildChannel, type ChannelFixture, rejectsWith } from "../../../test/tenancy-fixtures.ts";
import { addContact, createAccount, listContacts, updateContact } from "./index.ts";
import { contacts } from "./tenancy.schema.ts";

describe("tenancy: contacts", () => {
  let t: TestContext;
  let c: ChannelFixture;
  before(async () => {
    t = await createTestContext();
    c = await buildChannel(t.deps);
  });
  after(() => t.close());

  async function primaries(accountId: string) {
    return t.deps.db
      .select({ id: contacts.id })
      .from(contacts)
      .where(and(eq(contacts.accountId, accountId), eq(contacts.isPrimary, true)));
  }

  it("makes the first contact primary, later ones not, and lists the primary first", async () => {
    const acc = await createAccount(t.deps, c.actors.clerk, {
      kind: "direct_customer",
      name: "Contacts Inc",
    });
    const first = await addContact(t.deps, c.actors.clerk, {
      accountId: acc.id,
      contact: { name: "Zoe", email: "zoe@x.test", phone: "+30 210 000" },
    });
    const second = await addContact(t.deps, c.actors.clerk, {
      accountId: acc.id,
      contact: { name: "Adam", email: "adam@x.test" },
    });
    assert.equal(first.isPrimary, true);
    assert.equal(first.phone, "+30 210 000");
    assert.equal(second.isPrimary, false);
    const list = await listContacts(t.deps, c.actors.viewer, { accountId: acc.id });
    assert.equal(list.total, 2);
    assert.deepEqual(
      list.items.map((x) => x.name),
      ["Zoe", "Adam"],
    );
  });

  it("keeps one primary per account when a new or existing contact is made primary", async () => {
    const acc = await createAccount(t.deps, c.actors.clerk, { kind: "direct_customer", name: "One primary" });
    const a = await addContact(t.deps, c.actors.clerk, {
      accountId: acc.id,
      contact: { name: "A", email: "a@x.test" },
    });
    const b = await addContact(t.deps, c.actors.clerk, {
      accountId: acc.id,
      contact: { name: "B", email: "b@x.test", isPrimary: true },
    });
    assert.deepEqual(await primaries(acc.id), [{ id: b.id }]);
    const again = await updateContact(t.deps, c.actors.clerk, {
      accountId: acc.id,
      contactId: a.id,
      patch: { isPrimary: true, name: "A2", phone: "123" },
    });
    assert.equal(again.isPrimary, true);
    assert.equal(again.name, "A2");
    assert.deepEqual(await primaries(acc.id), [{ id: a.id }]);
    const cleared = await updateContact(t.deps, c.actors.clerk, {
      accountId: acc.id,
      contactId: a.id,
      patch: { phone: null },
    });
    assert.equal(cleared.phone, null);
    assert.equal(cleared.isPrimary, true);
  });

  it("refuses a bad email, an empty name, and a contact addressed through the wrong account", async () => {
    const acc = await createAccount(t.deps, c.actors.clerk, { kind: "direct_customer", name: "Strict" });
    await assert.rejects(
      addContact(t.deps, c.actors.clerk, {
        accountId: acc.id,
        contact: { name: "X", email: "not-an-email" },
      }),
      rejectsWith("validation_failed", /email/),
    );
    await assert.rejects(
      addContact(t.deps, c.actors.clerk, { accountId: acc.id, contact: { name: " ", email: "x@x.test" } }),
      rejectsWith("validation_failed", /name/),
    );
    const x = await addContact(t.deps, c.actors.clerk, {
      accountId: acc.id,
      contact: { name: "X", email: "x@x.test" },
    });
    await assert.rejects(
      updateContact(t.deps, c.actors.clerk, {
        accountId: c.direct.id,
        contactId: x.id,
        patch: { name: "Y" },
      }),
      rejectsWith("not_found"),
    );
  });

  it("keeps contacts inside the tenant and role: other tenants 404, viewers 403", async () => {
    const x = await addContact(t.deps, c.actors.clerk, {
      accountId: c.resellerB.id,
      contact: { name: "B contact", email: "b@b.test" },
    });
    await assert.rejects(
      listContacts(t.deps, c.actors.otherAdmin, { accountId: c.resellerB.id }),
      rejectsWith("not_found"),
    );
    await assert.rejects(
      addContact(t.deps, c.actors.otherAdmin, {
        accountId: c.resellerB.id,
        contact: { name: "N", email: "n@x.test" },
      }),
      rejectsWith("not_found"),
    );
    await assert.rejects(
      updateContact(t.deps, c.actors.otherAdmin, {
        accountId: c.resellerB.id,
        contactId: x.id,
        patch: { name: "N" },
      }),
      rejectsWith("not_found"),
    );
    await assert.rejects(
      addContact(t.deps, c.actors.viewer, {
        accountId: c.resellerB.id,
        contact: { name: "N", email: "n@x.test" },
      }),
      rejectsWith("forbidden"),
    );
    await assert.rejects(
      updateContact(t.deps, c.actors.viewer, {
        accountId: c.resellerB.id,
        contactId: x.id,
        patch: { name: "N" },
      }),
      rejectsWith("forbidden"),
    );
  });

  it("lets a reseller's Storefront user read and add contacts of its subtree only", async () => {
    const added = await addContact(t.deps, c.actors.sfA, {
      accountId: c.customerA2.id,
      contact: { name: "Via shop", email: "shop@x.test" },
    });
    assert.equal(added.accountId, c.customerA2.id);
    const list = await listContacts(t.deps, c.actors.sfA, { accountId: c.customerA2.id });
    assert.ok(list.items.some((x) => x.id === added.id));
    await assert.rejects(
      addContact(t.deps, c.actors.sfA, {
        accountId: c.customerB1.id,
        contact: { name: "N", email: "n@x.test" },
      }),
      rejectsWith("not_found"),
    );
    await assert.rejects(
      listContacts(t.deps, c.actors.sfB, { accountId: c.customerA2.id }),
      rejectsWith("not_found"),
    );
  });

  it("lets an end customer read its own contacts but not add any, nor read a sibling's", async () => {
    const own = await listContacts(t.deps, c.actors.sfA1, { accountId: c.customerA1.id });
    assert.equal(own.total, 0);
    await assert.rejects(
      addContact(t.deps, c.actors.sfA1, {
        accountId: c.customerA1.id,
        contact: { name: "N", email: "n@x.test" },
      }),
      rejectsWith("forbidden"),
    );
    await assert.rejects(
      listContacts(t.deps, c.actors.sfA1, { accountId: c.customerA2.id }),
      rejectsWith("not_found"),
    );
    await assert.rejects(
      updateContact(t.deps, c.actors.sfA, { accountId: c.customerA1.id, contactId: "con_x", patch: {} }),
      rejectsWith("forbidden"),
    );
  });
});
