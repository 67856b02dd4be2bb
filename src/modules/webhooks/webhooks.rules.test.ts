import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  isPublicAddress,
  MAX_DELIVERY_ATTEMPTS,
  newWebhookSecret,
  RETRY_DELAYS_MS,
  retryDelayMs,
  secretKey,
  signWebhook,
  verifyWebhook,
} from "./webhooks.rules.ts";

describe("webhook rules", () => {
  it("signs as the Standard Webhooks reference test vector does", () => {
    // The specification's published example (secret, msg id, timestamp, payload → signature).
    const signature = signWebhook(
      "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
      "msg_p5jXN8AQM9LWM0D4loKWxJek",
      1614265330,
      '{"test": 2432232314}',
    );
    assert.equal(signature, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    const headers = { id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: "1614265330" };
    assert.ok(
      verifyWebhook(
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        { ...headers, signature: `v1,bad ${signature}` },
        '{"test": 2432232314}',
      ),
    );
    assert.ok(
      !verifyWebhook(
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        { ...headers, signature },
        '{"test": 2432232315}',
      ),
    );
  });

  it("generates whsec_ secrets of 32 random bytes", () => {
    const a = newWebhookSecret();
    const b = newWebhookSecret();
    assert.match(a, /^whsec_[A-Za-z0-9+/]+={0,2}$/);
    assert.equal(secretKey(a).length, 32);
    assert.notEqual(a, b);
  });

  it("retries for more than a day, then gives up", () => {
    const total = RETRY_DELAYS_MS.reduce((s, d) => s + d, 0);
    assert.ok(total >= 24 * 3_600_000, `${total} ms`);
    assert.equal(MAX_DELIVERY_ATTEMPTS, 8);
    assert.equal(retryDelayMs(1), 5_000);
    assert.equal(retryDelayMs(7), 10 * 3_600_000);
    assert.equal(retryDelayMs(8), null);
  });

  it("refuses private, loopback, link-local, CGNAT, metadata and reserved addresses", () => {
    for (const address of [
      "10.1.2.3",
      "172.16.0.1",
      "172.31.255.255",
      "192.168.1.1",
      "127.0.0.1",
      "127.9.9.9",
      "169.254.169.254",
      "100.64.0.1",
      "100.100.100.200",
      "0.0.0.0",
      "224.0.0.1",
      "255.255.255.255",
      "::",
      "::1",
      "fc00::1",
      "fd00:ec2::254",
      "fe80::1",
      "ff02::1",
      "::ffff:127.0.0.1",
      "::ffff:7f00:1",
      "::ffff:10.0.0.1",
      "64:ff9b::a9fe:a9fe",
      "not an address",
    ])
      assert.equal(isPublicAddress(address), false, address);
    for (const address of [
      "93.184.215.14",
      "8.8.8.8",
      "172.32.0.1",
      "100.128.0.1",
      "2606:4700::1111",
      "::ffff:8.8.8.8",
    ])
      assert.equal(isPublicAddress(address), true, address);
  });

  it("judges IPv6 forms that embed an IPv4 address by that address (IPv4-compatible, -translated, 6to4, as the URL parser writes them)", () => {
    for (const raw of [
      "http://[::127.0.0.1]/", // IPv4-compatible, written ::7f00:1 by the URL parser
      "http://[::10.0.0.1]/",
      "http://[::0.0.1.1]/",
      "http://[::ffff:0:127.0.0.1]/", // IPv4-translated (SIIT)
      "http://[::ffff:0:a9fe:a9fe]/",
      "http://[2002:7f00:1::]/", // 6to4 of 127.0.0.1
      "http://[2002:a9fe:a9fe::1]/", // 6to4 of 169.254.169.254
      "http://[2002:c0a8:101::]/", // 6to4 of 192.168.1.1
    ]) {
      const host = new URL(raw).hostname.replace(/^\[(.*)\]$/, "$1");
      assert.equal(isPublicAddress(host), false, `${raw} (${host})`);
    }
    for (const address of ["2002:808:808::1", "::ffff:0:808:808"])
      assert.equal(isPublicAddress(address), true, address);
  });
});
