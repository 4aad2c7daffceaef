// Issue 4, the rules-engine pages in the browser: 政策目录 flags a rule 未配置 until 参数设置
// gives its parameter a value; 政策模拟 draws its chart; 我的政策 shows a near miss on a phone.
// Every page is photographed at desktop and phone width.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, launch, newPage, signIn, shot, DESKTOP, PHONE } from './browser.mjs';

let server;
let browser;
before(async () => {
  server = await Server.start({ demo: true, demoPersons: 300 });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const RULE = '[data-test=rule-RC-INCUBATOR-PERF]';

test('setting a parameter makes its rule configured in the catalogue', async () => {
  const page = await newPage(browser, DESKTOP, '198.51.100.241');
  await signIn(page, server.url, 'qu_admin');
  await page.goto(server.url + '/policy-catalogue');
  await page.waitForSelector(`${RULE} [data-test=unconfigured]`);
  assert.match(await page.locator(RULE).innerText(), /每年元的绩效奖补/);
  // The 限制 line names once-groups in words, never by their machine names.
  assert.match(await page.locator('[data-test=rule-RC-HIRE-GRAD]').innerText(), /同一人员终身只享受一次「一次性吸纳就业补贴」/);
  const catalogue = await page.locator('.rule').allInnerTexts();
  assert.ok(catalogue.length > 10);
  for (const t of catalogue) assert.doesNotMatch(t, /[（(][a-z]+(-[a-z]+)*[)）]/, t);
  await shot(page, 'policy-catalogue');

  await page.goto(server.url + '/policy-params');
  await page.waitForSelector('[data-test=param-set-incubator_perf]');
  await shot(page, 'policy-params');
  await page.click('[data-test=param-set-incubator_perf]');
  await page.fill('[data-test=param-value]', 'abc');
  await page.fill('[data-test=param-source]', '荣人社发〔2024〕3号 第二条');
  await page.click('[data-test=param-save]');
  await page.waitForSelector('[data-test=param-dialog] .el-form-item__error');
  assert.match(await page.locator('[data-test=param-dialog] .el-form-item__error').innerText(), /incubator_perf/);
  await shot(page, 'policy-params-dialog-error');
  await page.fill('[data-test=param-value]', '50000');
  await page.click('[data-test=param-save]');
  await page.waitForSelector('[data-test=param-dialog]', { state: 'hidden' });

  await page.goto(server.url + '/policy-catalogue');
  await page.waitForSelector(`${RULE} [data-test=configured]`);
  assert.match(await page.locator(RULE).innerText(), /incubator_perf = 50000\.00元/);
});

test('what-if draws its chart from changed parameters', async () => {
  const page = await newPage(browser, DESKTOP, '198.51.100.242');
  await signIn(page, server.url, 'qu_admin');
  await page.goto(server.url + '/policy-what-if');
  const input = page.locator('[data-test=whatif-hire_grad_amount]');
  await page.waitForFunction(() => document.querySelector('[data-test=whatif-hire_grad_amount]')?.value === '2000');
  await input.fill('2600');
  await page.click('[data-test=whatif-run]');
  await page.waitForSelector('[data-test=whatif-chart] canvas');
  const text = await page.locator('[data-test=whatif-result]').innerText();
  assert.match(text, /RC-HIRE-GRAD/);
  assert.match(text, /未写入任何数据/);
  // Only the amount changed: said in words, not left as "新增 0 / 不再享受 0".
  assert.match(await page.locator('[data-test=whatif-amount-only]').innerText(),
    /^没有人新增或失去资格：原来符合条件的 [1-9]\d* 人次仍然享受，只是金额增加 [\d,.]+ 元。$/);
  await shot(page, 'policy-what-if');
  await page.locator('[data-test=whatif-result]').scrollIntoViewIfNeeded();
  await shot(page, 'policy-what-if-result');

  const phone = await newPage(browser, PHONE, '198.51.100.243');
  await signIn(phone, server.url, 'qu_admin');
  await phone.goto(server.url + '/policy-what-if');
  await phone.waitForFunction(() => document.querySelector('[data-test=whatif-hire_grad_amount]')?.value === '2000');
  await phone.locator('[data-test=whatif-hire_grad_amount]').fill('2600');
  await phone.click('[data-test=whatif-run]');
  await phone.waitForSelector('[data-test=whatif-chart] canvas');
  assert.match(await phone.locator('[data-test=whatif-table]').innerText(), /人次资格不变，仅金额变化/);
  const box = await phone.locator('[data-test=whatif-chart]').boundingBox();
  assert.ok(box.width <= 390 && box.width > 300, `chart fits the phone: ${box.width}`);
  await phone.locator('[data-test=whatif-result]').scrollIntoViewIfNeeded();
  await shot(phone, 'policy-what-if-phone');
  for (const path of ['policy-catalogue', 'policy-params']) {
    await phone.goto(server.url + '/' + path);
    await phone.waitForSelector(path === 'policy-catalogue' ? RULE : '[data-test=param-set-incubator_perf]');
    await shot(phone, `${path}-phone`);
  }
});

test('我的政策 on a phone: a near miss says what is still needed', async () => {
  const seeker = await newPage(browser, PHONE, '198.51.100.244');
  await signIn(seeker, server.url, 'qiuzhi');
  await seeker.goto(server.url + '/my-policies');
  await seeker.waitForSelector('[data-test=near-misses] .policy');
  const text = await seeker.locator('[data-test=near-misses]').innerText();
  assert.match(text, /还需要/);
  assert.match(text, /灵活就业/);
  // Plain Chinese, never the pack's code: no braces, identifiers or call syntax.
  assert.doesNotMatch(text, /[{}_]|（人员，|）或（/);
  await shot(seeker, 'policy-near-miss-phone');
});
