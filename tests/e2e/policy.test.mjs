// Issue 4 in the browser: the district administrator runs the default pack over the demo
// district, opens a candidate and sees why it was found, approves it; on a phone the list reads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, launch, newPage, signIn, shot, DESKTOP, PHONE } from './browser.mjs';

let server;
let browser;
before(async () => {
  server = await Server.start({ demo: true, demoPersons: 400 });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('run the pack, read an explanation, approve a candidate', async () => {
  const page = await newPage(browser, DESKTOP, '198.51.100.231');
  await signIn(page, server.url, 'qu_admin');
  await page.goto(server.url + '/entitlements');
  await page.click('[data-test=policy-run-open]');
  await page.click('[data-test=policy-run]');
  await page.waitForSelector('[data-test=ent-table] .el-table__row');
  const rows = await page.locator('[data-test=ent-table] .el-table__row').count();
  assert.ok(rows > 0, 'the demo district has candidates');
  await shot(page, 'policy-entitlements');
  await page.locator('[data-test=ent-table] .el-table__row').first().click();
  await page.waitForSelector('[data-test=explanation] table');
  const text = await page.locator('[data-test=explanation]').innerText();
  assert.match(text, /符合/);
  assert.match(text, /✓/);
  await shot(page, 'policy-explanation');
  await page.click('[data-test=detail-approve]');
  await page.waitForSelector('[data-test=ent-detail] .el-tag:has-text("已审核")');

  const phone = await newPage(browser, PHONE, '198.51.100.232');
  await signIn(phone, server.url, 'qu_admin');
  await phone.goto(server.url + '/entitlements');
  await phone.waitForSelector('.m-item');
  await shot(phone, 'policy-entitlements-phone');

  // The demo job seeker is a graduate hired this year: the run found their employer's hire
  // subsidy, and 我的政策 shows it with the explanation.
  const seeker = await newPage(browser, PHONE, '198.51.100.233');
  await signIn(seeker, server.url, 'qiuzhi');
  await seeker.goto(server.url + '/my-policies');
  await seeker.waitForSelector('[data-test=my-policies] .policy');
  assert.match(await seeker.locator('[data-test=my-policies]').innerText(), /一次性吸纳就业补贴/);
  await shot(seeker, 'policy-my-policies-phone');
});
