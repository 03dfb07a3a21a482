import { test, expect } from "./fixtures";

test("the manifest makes the portal installable", async ({ request }) => {
  const response = await request.get("/manifest.webmanifest");
  expect(response.ok()).toBeTruthy();
  const manifest = await response.json();
  expect(manifest.display).toBe("standalone");
  expect(manifest.start_url).toBe("/");
  const sizes = manifest.icons.map((i: { sizes: string }) => i.sizes);
  expect(sizes).toEqual(expect.arrayContaining(["192x192", "512x512"]));
  for (const icon of manifest.icons) {
    const image = await request.get(icon.src);
    expect(image.ok(), icon.src).toBeTruthy();
    expect(image.headers()["content-type"]).toBe(icon.type);
  }
});

test("the service worker caches the shell and serves the offline page @hydrated", async ({ page, context }) => {
  await page.goto("/");
  const ready = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return registration.active?.scriptURL ?? "";
  });
  expect(ready).toMatch(/\/sw\.js$/);
  const cached = await page.evaluate(async () => {
    const keys = await caches.keys();
    const cache = await caches.open(keys.find((k) => k.startsWith("asn-shell-"))!);
    return (await cache.keys()).map((r) => new URL(r.url).pathname);
  });
  expect(cached).toEqual(expect.arrayContaining(["/offline.html", "/pkg/asn-portal.css"]));
  // Reload so the worker controls the page, then lose the network.
  await page.reload();
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBeTruthy();
  await context.setOffline(true);
  // Playwright takes the worker offline a moment after the page: until it
  // has, the worker still reaches the server (seen once as the 404 page).
  await expect(async () => {
    await page.goto("/tidak-ada-koneksi").catch(() => undefined);
    await expect(page.getByTestId("offline")).toContainText("Tidak ada koneksi internet", { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await context.setOffline(false);
});
