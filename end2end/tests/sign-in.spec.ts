import { test, expect, waitForHydration } from "./fixtures";

const NIP_GROUPED = "19800101 200501 1 001";
const PASSWORD = "Gudeg!Wijilan#77";

async function ready(page: import("@playwright/test").Page, javaScriptEnabled: boolean) {
  if (javaScriptEnabled) await waitForHydration(page);
}

test("an employee signs in with the grouped NIP, reaches the dashboard and signs out", async ({ page, javaScriptEnabled }) => {
  await page.goto("/");
  await ready(page, javaScriptEnabled);
  await page.getByTestId("home-sign-in").click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await ready(page, javaScriptEnabled);
  await page.getByLabel("NIP").fill(NIP_GROUPED);
  await page.getByLabel("Kata sandi", { exact: true }).fill(PASSWORD);
  await page.getByTestId("sign-in-submit").click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId("dashboard")).toContainText("Ahmad Fauzi, S.Kom.");
  await expect(page.getByTestId("dashboard")).toContainText(NIP_GROUPED);
  await ready(page, javaScriptEnabled);
  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/sign-in$/);
  // The session is gone on the server: the dashboard sends us back.
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in\?next=\/dashboard$/);
});

test("a failed sign-in explains itself in Indonesian and in English", async ({ page, javaScriptEnabled }) => {
  await page.goto("/sign-in");
  await ready(page, javaScriptEnabled);
  // An unknown NIP: no account's failure counter is touched by this test.
  await page.getByLabel("NIP").fill("19900101 201505 2 002");
  await page.getByLabel("Kata sandi", { exact: true }).fill("Salah-Sekali-123");
  await page.getByTestId("sign-in-submit").click();
  await expect(page.getByTestId("sign-in-error")).toContainText("NIP atau kata sandi salah");
  await ready(page, javaScriptEnabled);
  await page.getByTestId("lang-en").click();
  if (!javaScriptEnabled) {
    // Without JavaScript the switch reloads a clean form (the old error
    // belonged to the old submission): submit again in English.
    await expect(page.getByTestId("sign-in-error")).toHaveCount(0);
    await page.getByLabel("NIP").fill("19900101 201505 2 002");
    await page.getByLabel("Password", { exact: true }).fill("Salah-Sekali-123");
    await page.getByTestId("sign-in-submit").click();
  }
  await expect(page.getByTestId("sign-in-error")).toContainText("The NIP or password is wrong");
  await expect(page).not.toHaveURL(/dashboard/);
  await page.getByTestId("lang-id").click();
  await expect(page.locator("html")).toHaveAttribute("lang", "id");
});

test("the dashboard needs a session and returns there after signing in", async ({ page, javaScriptEnabled }) => {
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in\?next=\/dashboard$/);
  await ready(page, javaScriptEnabled);
  await page.getByLabel("NIP").fill(NIP_GROUPED);
  await page.getByLabel("Kata sandi", { exact: true }).fill(PASSWORD);
  await page.getByTestId("sign-in-submit").click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId("dashboard")).toBeVisible();
});

test("the password can be shown and hidden once hydrated @hydrated", async ({ page }) => {
  await page.goto("/sign-in");
  await waitForHydration(page);
  const field = page.getByLabel("Kata sandi", { exact: true });
  await field.fill(PASSWORD);
  await expect(field).toHaveAttribute("type", "password");
  await page.getByRole("button", { name: "Tampilkan" }).click();
  await expect(field).toHaveAttribute("type", "text");
  await page.getByRole("button", { name: "Sembunyikan" }).click();
  await expect(field).toHaveAttribute("type", "password");
});
