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

// A start-up loan ceiling (RC-LOAN) is an eligibility, not money: the review list marks it as a
// ceiling, and the founder — linked by `bangfu user add --person` — sees the loan they may apply
// for on 我的政策, outside the money total.
test('a loan ceiling reads as a loan to apply for, not money paid', async () => {
  const page = await newPage(browser, DESKTOP, '198.51.100.234');
  await signIn(page, server.url, 'qu_admin');
  const loans = await page.evaluate(async () => (await (await fetch('/api/v1/entitlements?rule_id=RC-LOAN&size=50')).json()));
  assert.ok(loans.items.length > 0, 'the demo district has founders eligible for a start-up loan');
  assert.ok(loans.items.every((e) => e.kind === 'loan-limit'));
  assert.equal(loans.total_fen, 0);
  await page.goto(server.url + '/entitlements');
  await page.fill('.el-input input[placeholder="如 RC-HIRE-GRAD"]', 'RC-LOAN');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-test=ent-table] .el-table__row .loan');
  await shot(page, 'policy-entitlements-loan');

  const founder = loans.items.find((e) => e.person_id);
  server.cli(['user', 'add', 'chuangye', '--role', 'job_seeker', '--name', founder.person_name,
    '--person', String(founder.person_id), '--password-stdin'], 'chuangye-pass\n');
  for (const [viewport, name, ip] of [[PHONE, 'policy-my-loan-phone', '198.51.100.235'], [DESKTOP, 'policy-my-loan', '198.51.100.236']]) {
    const seeker = await newPage(browser, viewport, ip);
    await signIn(seeker, server.url, 'chuangye', 'chuangye-pass');
    await seeker.goto(server.url + '/my-policies');
    await seeker.waitForSelector('[data-test=loan-limit]');
    const text = await seeker.locator('[data-test=my-policies]').innerText();
    assert.match(text, /创业担保贷款额度/);
    assert.match(text, /可申请贷款/);
    assert.match(await seeker.locator('[data-test=my-loans]').innerText(), /不计入合计/);
    assert.match(await seeker.locator('.notice').first().innerText(), /您可申请创业担保贷款，额度最高/);
    await shot(seeker, name);
  }
});
