import { test, expect, waitForHydration } from "./fixtures";

test("the home page renders in Indonesian with the service tiles", async ({ page }) => {
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  await expect(page.locator("html")).toHaveAttribute("lang", "id");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Selamat datang di Portal ASN");
  await expect(page.locator(".tile")).toHaveCount(5);
  await expect(page.getByTestId("home-sign-in")).toHaveAttribute("href", "/sign-in");
  await expect(page.getByRole("navigation", { name: "Navigasi utama" })).toBeVisible();
  await expect(page).toHaveTitle("Beranda · ASN Portal");
});

test("the page fits the screen (360 px phones included) without sideways scrolling", async ({ page }) => {
  await page.goto("/");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  // Every navigation entry is on screen.
  for (const item of await page.locator(".nav-item").all()) {
    await expect(item).toBeInViewport();
  }
});

test("an unknown address shows the localised 404 page", async ({ page }) => {
  const response = await page.goto("/tidak-ada");
  expect(response?.status()).toBe(404);
  await expect(page.getByTestId("not-found")).toContainText("Halaman tidak ditemukan");
  await page.getByRole("link", { name: "Kembali ke beranda" }).click();
  await expect(page).toHaveURL("/");
});

test("the language switch works as a plain form without JavaScript @nojs", async ({ page }) => {
  await page.goto("/");
  await page.getByTestId("lang-en").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome to the ASN Portal");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome to the ASN Portal");
  await page.getByTestId("lang-id").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Selamat datang di Portal ASN");
});

test("once hydrated, the language switches in place without a page load @hydrated", async ({ page, pageErrors }) => {
  await page.goto("/");
  await waitForHydration(page);
  // A value on window survives only if the page is not reloaded.
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
  // The page switches at once; the cookie comes with the server's answer.
  const remembered = page.waitForResponse((r) => r.url().includes("/api/set_language") && r.ok());
  await page.getByTestId("lang-en").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome to the ASN Portal");
  await expect(page.getByTestId("lang-en")).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
  // The choice is remembered by the server (once its answer is in).
  await remembered;
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome to the ASN Portal");
  await waitForHydration(page);
  await page.getByTestId("lang-id").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Selamat datang di Portal ASN");
  expect(pageErrors).toEqual([]);
});

test("hydration runs under the strict CSP with no errors @hydrated", async ({ page, pageErrors }) => {
  const violations: string[] = [];
  await page.exposeFunction("reportViolation", (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      (window as unknown as { reportViolation: (v: string) => void }).reportViolation(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  await page.goto("/");
  await waitForHydration(page);
  expect(violations).toEqual([]);
  expect(pageErrors).toEqual([]);
});
