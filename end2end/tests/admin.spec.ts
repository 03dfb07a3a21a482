import { test, expect, ready, newAccount, firstSignIn, grantRole, submitSignIn, signIn, enrol, OWN_PASSWORD, DASHBOARD } from "./fixtures";

// The support call the console exists for: an employee locked out after
// wrong passwords, then a lost phone. The admin unlocks the account and
// resets the authenticator, each with a reason; the employee signs in
// again and enrols a new authenticator.
test("an admin unlocks a locked employee and resets the authenticator; the employee re-enrols @hydrated", async ({ browser }) => {
  const admin = newAccount();
  grantRole(admin, "agency_admin");
  const employee = newAccount();

  const employeeContext = await browser.newContext();
  const employeePage = await employeeContext.newPage();
  await firstSignIn(employeePage, true, employee);
  await employeeContext.clearCookies();

  // Five wrong passwords lock the account.
  const origin = `http://127.0.0.1:${process.env.E2E_PORT ?? 3100}`;
  for (let i = 0; i < 5; i++) {
    const answer = await employeeContext.request.post("/api/sign_in", {
      form: { nip: employee.nip, password: "Salah-Kata-Sandi#1", next: "" },
      headers: { origin },
    });
    expect(answer.status()).toBe(401);
  }

  const adminContext = await browser.newContext();
  const page = await adminContext.newPage();
  await firstSignIn(page, true, admin);
  await page.goto(`/admin/employees?q=${employee.nip}`);
  await ready(page, true);
  await page.getByTestId("admin-results").getByRole("link").first().click();
  const card = page.getByTestId("admin-employee");
  await expect(card).toHaveAttribute("data-state", "locked");
  await ready(page, true);

  // Unlock, with a reason.
  await page.getByTestId("act-action").selectOption("unlock");
  await page.getByTestId("act-reason").fill("Terkunci setelah lupa kata sandi; telepon 08123");
  await page.getByTestId("act-submit").click();
  await expect(page.getByTestId("act-done")).toBeVisible();
  await expect(card).toHaveAttribute("data-state", "active");
  await expect(page.getByTestId("admin-events")).toContainText("unlocked");

  // The employee gets in again.
  await employeePage.goto("/sign-in");
  await ready(employeePage, true);
  await signIn(employeePage, true, employee, OWN_PASSWORD);
  await expect(employeePage).toHaveURL(DASHBOARD);

  // The phone is lost: reset the authenticator.
  await page.getByTestId("act-action").selectOption("reset_authenticator");
  await page.getByTestId("act-reason").fill("Ponsel hilang, laporan polisi 12/XI/2026");
  await page.getByTestId("act-submit").click();
  await expect(page.getByTestId("act-done")).toBeVisible();
  await expect(card).toHaveAttribute("data-state", "no_authenticator");
  await expect(page.getByTestId("admin-devices").locator("li")).toHaveCount(0);

  // Her session ended; the next sign-in enrols a new authenticator.
  await employeePage.goto("/dashboard");
  await expect(employeePage).toHaveURL(/\/sign-in/);
  await ready(employeePage, true);
  await submitSignIn(employeePage, employee.grouped, OWN_PASSWORD);
  employee.secret = undefined;
  employee.lastStep = undefined;
  await enrol(employeePage, true, employee);
  await expect(employeePage).toHaveURL(DASHBOARD);

  await page.reload();
  await expect(card).toHaveAttribute("data-state", "active");
  await expect(page.getByTestId("admin-devices").locator("li")).toHaveCount(1);
  await employeeContext.close();
  await adminContext.close();
});

test("the console's pages fit the screen and refuse non-admins", async ({ page }, testInfo) => {
  const javaScriptEnabled = testInfo.project.use.javaScriptEnabled !== false;
  const admin = newAccount();
  grantRole(admin, "agency_admin");
  await firstSignIn(page, javaScriptEnabled, admin);
  // The import page last: its form is checked below.
  for (const path of ["/admin/employees", "/admin/archive", "/admin/audit", "/admin/calendar", "/admin/jobs", "/admin/hours", "/admin/offices", "/admin/contact", "/admin/import"]) {
    await page.goto(path);
    await expect(page.getByTestId("admin-nav")).toBeVisible();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, path).toBeLessThanOrEqual(page.viewportSize()!.width);
  }
  await expect(page.getByTestId("import-csv")).toBeVisible();
  // One employee's page, with its action and upload forms.
  await page.goto(`/admin/employees?q=${admin.nip}`);
  await page.getByTestId("admin-results").getByRole("link").first().click();
  await expect(page.getByTestId("admin-actions")).toBeVisible();
  await expect(page.getByTestId("admin-upload")).toBeVisible();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(page.viewportSize()!.width);

  const employee = newAccount();
  const other = await page.context().browser()!.newContext();
  const employeePage = await other.newPage();
  await firstSignIn(employeePage, javaScriptEnabled, employee);
  await employeePage.goto("/admin/audit");
  await expect(employeePage.getByTestId("forbidden")).toBeVisible();
  await other.close();
});

// An agency admin adds an office by its coordinates, sees it listed with
// its map link, and removes it again. A code of the run's own, so the
// projects running side by side (and the attendance tests' KANTOR) are
// not touched.
test("an agency admin adds and removes an office", async ({ page }, testInfo) => {
  const javaScriptEnabled = testInfo.project.use.javaScriptEnabled !== false;
  const admin = newAccount();
  grantRole(admin, "agency_admin");
  await firstSignIn(page, javaScriptEnabled, admin);
  await page.goto("/admin/offices");
  await ready(page, javaScriptEnabled);
  const code = `UJI-${admin.nip.slice(-6)}`;
  const add = page.getByTestId("office-add");
  await add.getByLabel("Kode").fill(code);
  await add.getByLabel("Nama kantor").fill("Kantor Uji Sementara");
  await add.getByLabel(/^Lintang/).fill("-8,650000");
  await add.getByLabel(/^Bujur/).fill("115.216667");
  await add.getByLabel(/^Radius/).fill("5");
  await add.getByTestId("office-save").click();
  await expect(page.getByTestId("office-error")).toContainText("Radius 10 sampai 5000 meter");
  await ready(page, javaScriptEnabled);
  await add.getByLabel("Kode").fill(code);
  await add.getByLabel("Nama kantor").fill("Kantor Uji Sementara");
  await add.getByLabel(/^Lintang/).fill("-8,650000");
  await add.getByLabel(/^Bujur/).fill("115.216667");
  await add.getByLabel(/^Radius/).fill("150");
  await add.getByTestId("office-save").click();
  const card = page.locator(`[data-testid="office"][data-code="${code}"]`);
  await expect(card.getByRole("link", { name: "Lihat di peta" })).toHaveAttribute("href", /mlat=-8\.650000&mlon=115\.216667/);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(page.viewportSize()!.width);
  await ready(page, javaScriptEnabled);
  await card.getByTestId("office-remove").click();
  await expect(card).toHaveCount(0);
});
