import { test, expect, ready, newAccount, firstSignIn, grantRole, signIn, OWN_PASSWORD, DASHBOARD } from "./fixtures";

// The test server's set-up adds office KANTOR for the whole E2E agency at
// these coordinates with a 150 m radius (playwright.config.ts).
const INSIDE = { latitude: -6.175, longitude: 106.8272 }; // about 45 m away
const OUTSIDE = { latitude: -6.19, longitude: 106.827153 }; // about 1.6 km south

test.use({ permissions: ["geolocation"], geolocation: OUTSIDE });

test("check-in on a phone uses the device's position: refused outside the office, recorded inside @hydrated", async ({ page, context }) => {
  await firstSignIn(page, true, newAccount());
  await page.getByTestId("own-services").getByRole("link", { name: /Presensi/ }).click();
  await expect(page).toHaveURL(/\/attendance$/);
  await ready(page, true);
  await expect(page.getByTestId("attendance-status")).toHaveText("Anda belum presensi hari ini.");
  await expect(page.getByTestId("attendance-today")).toContainText("Kantor Uji");

  await page.getByTestId("attendance-submit").click();
  const error = page.getByTestId("attendance-error");
  await expect(error).toContainText("di luar radius presensi 150 m");
  await expect(error).toContainText("1,6 km dari Kantor Uji");
  await expect(page.getByTestId("attendance-status")).toHaveText("Anda belum presensi hari ini.");

  await context.setGeolocation(INSIDE);
  await page.getByTestId("attendance-submit").click();
  await expect(page.getByTestId("attendance-ok")).toHaveText("Presensi masuk tercatat.");
  await expect(page.getByTestId("check-in-time")).toContainText(/\d\d:\d\d WIB/);
  await expect(page.getByTestId("check-in-place")).toHaveText("Kantor Uji");
  await expect(page.getByTestId("attendance-submit")).toHaveText("Presensi pulang");
  // Today is counted in the month's recap on a working day; a Saturday or
  // Sunday in Jakarta (WIB) is no working day, so nothing is counted then.
  const wib = new Date(Date.now() + 7 * 3600 * 1000);
  const weekend = wib.getUTCDay() === 0 || wib.getUTCDay() === 6;
  await expect(page.getByTestId("attendance-counts").locator("[data-count=present]")).toHaveText(weekend ? "0" : "1");

  await page.getByTestId("attendance-submit").click();
  await expect(page.getByTestId("attendance-ok")).toHaveText("Presensi pulang tercatat.");
  await expect(page.getByTestId("check-out-time")).toHaveText(/\d\d:\d\d/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test("a denied location gets a clear answer @hydrated", async ({ page, context }) => {
  await firstSignIn(page, true, newAccount());
  await context.clearPermissions();
  await page.goto("/attendance");
  await ready(page, true);
  await page.getByTestId("attendance-submit").click();
  await expect(page.getByTestId("attendance-error")).toContainText("Izinkan akses lokasi");
});

test("an admin grants work from anywhere; the employee then checks in without a position", async ({ page, browser, javaScriptEnabled }) => {
  const admin = newAccount();
  grantRole(admin, "agency_admin");
  const worker = newAccount();
  // The worker's first sign-in (and own password) in a context of its own.
  // Far from the office: only the grant lets this check-in through.
  const other = await browser.newContext({
    javaScriptEnabled,
    viewport: { width: 360, height: 740 },
    permissions: ["geolocation"],
    geolocation: OUTSIDE,
  });
  const workerPage = await other.newPage();
  await firstSignIn(workerPage, javaScriptEnabled, worker);

  await firstSignIn(page, javaScriptEnabled, admin);
  await page.goto("/attendance");
  await ready(page, javaScriptEnabled);
  await page.getByTestId("attendance-team-link").click();
  await expect(page).toHaveURL(/\/attendance\/team$/);
  await ready(page, javaScriptEnabled);
  await expect(page.getByTestId("team-recap").locator(`tr[data-nip="${worker.nip}"]`)).toBeVisible();
  const today = new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
  await page.getByTestId("wfa-nip").fill(worker.nip);
  await page.getByTestId("wfa-from").fill(today);
  await page.getByTestId("wfa-to").fill(today);
  await page.getByTestId("wfa-reason").fill("Tugas lapangan");
  await page.getByTestId("wfa-submit").click();
  // This worker's grant: the agency is shared by every test, and an earlier
  // run's "Tugas lapangan" alone would let the worker look before this grant
  // is saved (what made this test fail now and then).
  await expect(page.getByTestId("wfa-grants").locator(`li[data-nip="${worker.nip}"]`)).toContainText("Tugas lapangan");

  await workerPage.goto("/attendance");
  await ready(workerPage, javaScriptEnabled);
  await expect(workerPage.getByTestId("wfa-badge")).toBeVisible();
  await workerPage.getByTestId("attendance-submit").click();
  await expect(workerPage.getByTestId("check-in-place")).toHaveText("WFA");
  await other.close();
});

test("without JavaScript, a check-in at the office says why it needs the page's script @nojs", async ({ page }) => {
  await firstSignIn(page, false, newAccount());
  await page.goto("/attendance");
  await page.getByTestId("attendance-submit").click();
  await expect(page).toHaveURL(/\/attendance/);
  await expect(page.getByTestId("attendance-error")).toContainText("Lokasi perangkat diperlukan");
  await expect(page.getByTestId("attendance-status")).toHaveText("Anda belum presensi hari ini.");
});
