// Issue 5 in the browser: staff register an employer in 用人单位, record a wage-arrears warning
// that then shows on the employer's posting, lift it, and import a job-fair list in 岗位导入 with
// a dry run that names the bad line and column; the pages read on a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server, launch, newPage, signIn, shot, DESKTOP, PHONE } from './browser.mjs';
import { creditCode } from '../api/server.mjs';

const field = (t) => `:is(input, textarea)[data-test=${t}], [data-test=${t}] :is(input, textarea)`;

let server;
let browser;
let scratch;
before(async () => {
  server = await Server.start({ demo: true, demoPersons: 200 });
  browser = await launch();
  scratch = mkdtempSync(join(tmpdir(), 'bangfu-e2e-employers-'));
});
after(async () => {
  await browser?.close();
  await server?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

test('register an employer, warn about it where its postings show, lift the warning', async () => {
  const staff = await newPage(browser, DESKTOP, '198.51.100.231');
  await signIn(staff, server.url, 'qu_admin');
  await staff.goto(server.url + '/employers');
  await staff.waitForSelector('[data-test=employer-item]');
  await staff.click('[data-test=employer-new]');
  const good = creditCode('91500153MA0000555');
  await staff.fill(field('employer-credit-code'), good.slice(0, 17) + (good[17] === '0' ? '1' : '0'));
  await staff.fill(field('employer-name'), '荣昌浏览器测试有限公司');
  await staff.click('[data-test=employer-region] .el-cascader');
  await staff.locator('.el-cascader-menu').nth(0).locator('.el-cascader-node').first().click();
  await staff.locator('.el-cascader-menu').nth(1).locator('.el-cascader-node').first().click();
  await staff.click('[data-test=employer-save]');
  // A wrong check character is named on the field.
  await staff.waitForSelector('[data-test=employer-form] .el-form-item__error');
  assert.match(await staff.locator('[data-test=employer-form] .el-form-item__error').first().innerText(), /信用代码|校验/);
  await shot(staff, 'employer-form-error');
  await staff.fill(field('employer-credit-code'), good);
  await staff.click('[data-test=employer-save]');
  await staff.waitForURL(/\/employers\/\d+$/);
  await staff.waitForSelector('[data-test=employer-title]:has-text("荣昌浏览器测试有限公司")');

  // A demo employer with a published posting gets a warning from its page.
  const list = await (await staff.request.get(server.url + '/api/v1/postings?status=published&size=1')).json();
  const posting = list.items[0];
  await staff.goto(server.url + `/employers/${posting.employer_id}`);
  await staff.waitForSelector('[data-test=employer-posting]');
  await staff.click('[data-test=warning-add]');
  await staff.locator('[data-test=warning-kind]').click();
  await staff.locator('.el-select-dropdown__item:has-text("拖欠工资")').click();
  await staff.fill(field('warning-evidence'), '劳动保障监察指令书 2026-21');
  // Recorded as from the start of the year, so that lifting it (last day: yesterday) ends it now.
  await staff.locator('[data-test=warning-form] .el-date-editor input').first().fill('2026-01-01');
  await staff.keyboard.press('Enter');
  await staff.click('[data-test=warning-save]');
  await staff.waitForSelector('[data-test=warning-item]:has-text("拖欠工资")');
  await staff.waitForSelector('[data-test=employer-title] ~ .el-tag:has-text("拖欠工资")');
  await shot(staff, 'employer-detail');

  await staff.goto(server.url + `/postings/${posting.id}`);
  await staff.waitForSelector('[data-test=posting-employer-warning]:has-text("拖欠工资")');
  await shot(staff, 'posting-employer-warning');
  await staff.click('[data-test=posting-employer-link]');
  await staff.waitForURL(new RegExp(`/employers/${posting.employer_id}$`));

  await staff.click('[data-test=warning-lift]');
  await staff.locator('.el-message-box__btns .el-button--primary').click();
  await staff.waitForSelector('[data-test=warning-item]:has-text("已解除")');
  assert.equal(await staff.locator('[data-test=warning-lift]').count(), 0);
  // Dialogs opened from code speak Chinese too (the locale reaches ElMessageBox through the app
  // context, not only the components): 取消 keeps the record.
  await staff.click('[data-test=warning-delete]');
  await staff.waitForSelector('.el-message-box__btns');
  assert.deepEqual(await staff.locator('.el-message-box__btns .el-button').allInnerTexts(), ['取消', '确定']);
  await staff.locator('.el-message-box__btns .el-button:has-text("取消")').click();
  await staff.waitForSelector('.el-message-box', { state: 'detached' });
  assert.equal(await staff.locator('[data-test=warning-item]').count(), 1);

  const phone = await newPage(browser, PHONE, '198.51.100.232');
  await signIn(phone, server.url, 'qu_admin');
  await phone.goto(server.url + '/employers');
  await phone.waitForSelector('[data-test=employer-item]');
  await shot(phone, 'employers-phone');
  await phone.goto(server.url + `/employers/${posting.employer_id}`);
  await phone.waitForSelector('[data-test=warning-item]');
  await shot(phone, 'employer-detail-phone');
});

test('a job-fair list: dry run names the bad line and column, then the good rows are imported', async () => {
  const staff = await newPage(browser, DESKTOP, '198.51.100.233');
  await signIn(staff, server.url, 'qu_admin');
  const employers = await (await staff.request.get(server.url + '/api/v1/employers')).json();
  const code = employers.items[0].credit_code;
  const file = join(scratch, '招聘会岗位.csv');
  writeFileSync(file, ['统一社会信用代码,岗位名称,招聘人数,月薪下限,月薪上限,用工形式',
    `${code},浏览器招聘会叉车司机,2,4500,6000,全职`,
    `${code},浏览器招聘会普工,两个,4000,5000,全职`].join('\n') + '\n');
  await staff.goto(server.url + '/postings-import');
  await staff.setInputFiles('[data-test=import-file]', file);
  await staff.click('[data-test=import-check]');
  await staff.waitForSelector('[data-test=import-errors]');
  const errors = await staff.locator('[data-test=import-errors]').innerText();
  assert.match(errors, /3/);
  assert.match(errors, /招聘人数/);
  await shot(staff, 'postings-import-check');
  await staff.click('text=只导入正确的行');
  await staff.click('[data-test=import-run]');
  await staff.waitForSelector('[data-test=import-next]');
  await shot(staff, 'postings-import-done');
  await staff.click('[data-test=import-next] a');
  await staff.waitForSelector('[data-test=posting-item]:has-text("浏览器招聘会叉车司机")');

  const phone = await newPage(browser, PHONE, '198.51.100.234');
  await signIn(phone, server.url, 'qu_admin');
  await phone.goto(server.url + '/postings-import');
  await phone.setInputFiles('[data-test=import-file]', file);
  await phone.click('[data-test=import-check]');
  await phone.waitForSelector('[data-test=import-errors]');
  await shot(phone, 'postings-import-phone');
});
