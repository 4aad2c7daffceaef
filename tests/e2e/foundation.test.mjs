// Issue 2: sign in as qu_admin, see the 工作台, open 审计日志, sign out; a job seeker does not see
// the audit log. Screenshots at desktop and phone width go to tests/e2e/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, launch, newPage, signIn, shot, DESKTOP, PHONE, assertFitsPhone } from './browser.mjs';

let server;
let browser;
before(async () => {
  server = await Server.start({ demo: true });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('sign-in page is in Chinese and refuses wrong passwords without saying which part', async () => {
  const page = await newPage(browser, DESKTOP, '198.51.100.201');
  await page.goto(server.url + '/');
  await page.waitForURL(/\/login/);
  assert.match(await page.textContent('body'), /帮扶 · 公共就业服务平台/);
  await shot(page, 'login-desktop');
  await page.fill('[data-test=username]', 'qu_admin');
  await page.fill('[data-test=password]', 'not-the-password');
  await page.click('[data-test=submit]');
  const error = await page.waitForSelector('[data-test=login-error]');
  assert.match(await error.textContent(), /用户名或密码错误/);
  await page.context().close();
});

test('qu_admin sees the 工作台, the audit log with its own sign-in, and signs out', async () => {
  const page = await newPage(browser, DESKTOP, '198.51.100.202');
  await signIn(page, server.url, 'qu_admin');
  await page.waitForSelector('text=系统管理员');
  await page.waitForSelector('[data-test=scope-path]:has-text("荣昌区")');
  assert.match(await page.textContent('body'), /工作台/);
  await shot(page, 'workbench-desktop');

  await page.click('[data-test=menu-audit]');
  await page.waitForURL(/\/audit$/);
  await page.waitForSelector('[data-test=audit-table] >> text=qu_admin');
  const body = await page.textContent('[data-test=audit-table]');
  assert.match(body, /登录/);
  await shot(page, 'audit-desktop');

  await page.click('[data-test=user-menu]');
  await page.click('[data-test=logout]');
  await page.waitForURL(/\/login/);
  // Signed out for real: the API refuses the old session.
  await page.goto(server.url + '/audit');
  await page.waitForURL(/\/login/);
  await page.context().close();
});

test('on a 390-px phone the menu is a drawer and pages fit the screen', async () => {
  const page = await newPage(browser, PHONE, '198.51.100.203');
  await page.goto(server.url + '/login');
  await shot(page, 'login-phone');
  await signIn(page, server.url, 'qu_admin');
  await page.waitForSelector('[data-test=scope-path]');
  await shot(page, 'workbench-phone');
  await assertFitsPhone(page, 'page');
  await page.click('button[aria-label=打开菜单]');
  await page.click('.menu-drawer [data-test=menu-audit]');
  await page.waitForURL(/\/audit$/);
  await page.waitForSelector('[data-test=audit-table] >> text=qu_admin');
  await shot(page, 'audit-phone');
  await page.context().close();
});

test('the demo district: a searchable ledger of generated people', async () => {
  const demo = await Server.start({ demo: true, demoPersons: 600 });
  try {
    const page = await newPage(browser, DESKTOP, '198.51.100.205');
    await signIn(page, demo.url, 'zhen_staff');
    await page.click('[data-test=menu-persons]');
    await page.waitForSelector('[data-test=person-table] .el-table__row');
    const summary = await page.textContent('.summary');
    assert.match(summary, /共 \d+ 人/);
    await shot(page, 'persons-demo-desktop');
    await page.click('[data-test=person-table] .el-table__row >> nth=0');
    await page.waitForSelector('[data-test=timeline]');
    await shot(page, 'person-demo-desktop');
    await page.context().close();
  } finally {
    await demo.stop();
  }
});

test('a job seeker does not see the audit log, and cannot open it by URL', async () => {
  const page = await newPage(browser, DESKTOP, '198.51.100.204');
  await signIn(page, server.url, 'qiuzhi');
  await page.waitForSelector('text=求职者');
  assert.equal(await page.locator('[data-test=menu-audit]').count(), 0);
  assert.equal(await page.locator('[data-test=menu-workbench]').count(), 1);
  await page.goto(server.url + '/audit');
  await page.waitForURL(/\/workbench$/);
  await shot(page, 'workbench-jobseeker');
  await page.context().close();
});
