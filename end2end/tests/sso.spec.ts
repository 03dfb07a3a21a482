import type { Locator } from "@playwright/test";
import { test, expect, ready, newAccount, firstSignIn, submitSignIn, enterCode, OWN_PASSWORD } from "./fixtures";

// The example service (examples/oidc_rp.rs), registered by the test
// server's set-up as the public client `contoh-layanan`.
const PORTAL = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100)}`;
const RP = `http://127.0.0.1:${Number(process.env.E2E_RP_PORT ?? 3101)}`;

/** The image is the portal's and the browser decoded it. */
async function expectLoaded(img: Locator) {
  await expect(img).toHaveAttribute("src", /^\/oauth\/clients\/contoh-layanan\/logo\?v=\d+$/);
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(192);
}

test("a service signs an employee in through the portal's own password and code pages", async ({ page, javaScriptEnabled }) => {
  const account = newAccount();
  await firstSignIn(page, javaScriptEnabled, account);
  // The dashboard's tile starts the service's sign-in, naming the portal.
  const tile = page.getByTestId("external-services").getByRole("link", { name: /Contoh Layanan/ });
  await expect(tile).toHaveAttribute("href", `${RP}/?iss=${encodeURIComponent(PORTAL)}`);
  // Its logo comes from the portal itself (the page's CSP allows nothing else) and loads.
  await expectLoaded(tile.locator("img.service-logo"));
  await ready(page, javaScriptEnabled);
  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/sign-in$/);

  // At the service: "sign in with the ASN Portal" leads to the portal's
  // own sign-in; the service never sees the password or the code.
  await page.goto(`${RP}/`);
  await page.getByTestId("rp-login").click();
  await expect(page).toHaveURL(/\/sign-in\?next=\/oauth\/authorize/);
  await ready(page, javaScriptEnabled);
  await submitSignIn(page, account.grouped, OWN_PASSWORD);
  await enterCode(page, javaScriptEnabled, account);

  // First use: the consent screen names the service and what it receives.
  await expect(page).toHaveURL(/\/oauth\/consent\?request=/);
  await expect(page.getByTestId("consent-client")).toHaveText("Contoh Layanan");
  await expectLoaded(page.getByTestId("consent-logo"));
  await expect(page.getByTestId("consent-scopes").locator("li")).toHaveCount(3);
  await ready(page, javaScriptEnabled);
  await page.getByTestId("consent-allow").click();

  // Back at the service, signed in with the verified identity.
  await expect(page).toHaveURL(`${RP}/`);
  await expect(page.getByTestId("rp-user")).toHaveText("Masuk sebagai Ahmad Fauzi, S.Kom.");
  await expect(page.getByTestId("rp-nip")).toHaveText(account.nip);

  // The account page lists it.
  await page.goto("/account/services");
  await expect(page.getByTestId("service")).toHaveCount(1);
  await expect(page.getByTestId("service")).toContainText("Contoh Layanan");

  // Signing out at the service ends the portal session too.
  await page.goto(`${RP}/`);
  await page.getByTestId("rp-logout").click();
  await expect(page).toHaveURL(`${RP}/`);
  await expect(page.getByTestId("rp-login")).toBeVisible();
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in\?next=\/dashboard$/);
});
