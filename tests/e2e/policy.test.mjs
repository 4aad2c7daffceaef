// Issue 4 in the browser: the district administrator runs the default pack over the demo
// district, opens a candidate and sees why it was found, approves it; on a phone the list reads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Server, launch, newPage, signIn, shot, DESKTOP, PHONE, SHOTS, assertFitsPhone } from './browser.mjs';
import { Client, creditCode } from '../api/server.mjs';

let server;
let browser;

// How many lines the explanation table's 结果 header takes (distinct tops of its text's boxes).
async function resultHeaderLines(page) {
  const th = page.locator('[data-test=explanation] th.c-r').first();
  assert.equal((await th.innerText()).trim(), '结果');
  return th.evaluate((el) => {
    const r = document.createRange();
    r.selectNodeContents(el);
    return new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size;
  });
}
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
  await page.locator('[data-test=explanation]').screenshot({ path: join(SHOTS, 'policy-explanation-table.png') });
  for (const width of [1024, 1280, 1366, 1920]) {
    await page.setViewportSize({ width, height: 800 });
    assert.equal(await resultHeaderLines(page), 1, `the 结果 header wraps at ${width}px`);
  }
  await page.setViewportSize(DESKTOP);
  await page.click('[data-test=detail-approve]');
  await page.waitForSelector('[data-test=ent-detail] .el-tag:has-text("已审核")');

  const phone = await newPage(browser, PHONE, '198.51.100.232');
  await signIn(phone, server.url, 'qu_admin');
  await phone.goto(server.url + '/entitlements');
  await phone.waitForSelector('.m-item');
  await shot(phone, 'policy-entitlements-phone');
  await phone.locator('.m-item').first().click();
  await phone.waitForSelector('[data-test=explanation] table');
  await shot(phone, 'policy-explanation-phone');  // Also lets the drawer finish sliding in.
  assert.equal(await resultHeaderLines(phone), 1, 'the 结果 header wraps on a phone');
  const table = await phone.locator('[data-test=explanation] table').boundingBox();
  assert.ok(table.x >= 0 && table.x + table.width <= PHONE.width, `the explanation table overflows the phone: ${JSON.stringify(table)}`);
  await assertFitsPhone(phone, 'the explanation drawer');
  await phone.locator('[data-test=explanation]').screenshot({ path: join(SHOTS, 'policy-explanation-phone-table.png') });

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
  // A run of its own (re-running changes nothing), so that the test does not rely on the one
  // before it having run the pack.
  const admin = new Client(server.url);
  assert.equal((await admin.signIn('qu_admin')).status, 200);
  assert.equal((await admin.request('POST', '/api/v1/policy/runs', { body: {} })).status, 201);
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
    // The founder may have other notices too (a start-up grant of the same business).
    assert.match((await seeker.locator('.notice').allInnerTexts()).join('\n'), /您可申请创业担保贷款，额度最高/);
    await shot(seeker, name);
  }
});

// An incubator paid the 区级 grant and since recognised 市级 is paid the difference: its
// explanation names the earlier grant it tops up, on a desktop and on a phone.
test('a top-up names the grant it tops up', async () => {
  const admin = new Client(server.url);
  assert.equal((await admin.signIn('qu_admin')).status, 200);
  const upload = async (path, body) => {
    const res = await fetch(`${server.url}${path}?dry_run=false`, { method: 'POST', body,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'text/csv' } });
    assert.equal(res.status, 200, await res.text());
  };
  const code = creditCode('91500153MA0000777');
  await upload('/api/v1/imports/employers', `统一社会信用代码,单位名称,企业规模,单位类型\n${code},荣昌青创孵化园有限公司,小型,企业\n`);
  await upload('/api/v1/imports/recognitions', '统一社会信用代码,认定类型,认定日期,认定级别,评估年度,评估等次,稳岗就业人数,认定文号\n' +
    `${code},创业孵化基地,2024-03-01,区级,,,,荣人社发〔2024〕10号\n${code},创业孵化基地,2025-05-01,市级,,,,渝人社发〔2025〕8号\n`);
  await upload('/api/v1/imports/paid', '补贴项目,统一社会信用代码,发放日期,发放金额(元),来源系统,支付流水号\n' +
    `incubator-grant,${code},2024-06-01,200000,区财政,ZF2024-0777\n`);
  const run = await admin.request('POST', '/api/v1/policy/runs', { body: { as_of: '2026-05-15' } });
  assert.equal(run.status, 201, run.text);
  const words = '升级到更高标准，补发差额 400000.00元（此前已按较低标准领取「创业孵化基地一次性补贴」）';
  for (const [viewport, name, ip] of [[DESKTOP, 'policy-top-up', '198.51.100.237'], [PHONE, 'policy-top-up-phone', '198.51.100.238']]) {
    const page = await newPage(browser, viewport, ip);
    await signIn(page, server.url, 'qu_admin');
    await page.goto(server.url + '/entitlements');
    await page.fill('.el-input input[placeholder="如 RC-HIRE-GRAD"]', 'RC-INCUBATOR');
    await page.keyboard.press('Enter');
    const row = viewport === DESKTOP ? '[data-test=ent-table] .el-table__row' : '.m-item';
    await page.locator(`${row}:has-text("荣昌青创孵化园有限公司")`).first().click();
    await page.waitForSelector('[data-test=ex-limit]');
    assert.equal((await page.locator('[data-test=ex-limit]').innerText()).trim(), words);
    if (viewport === PHONE) await assertFitsPhone(page, 'the top-up explanation');
    await shot(page, name);
    await page.context().close();
  }
});
