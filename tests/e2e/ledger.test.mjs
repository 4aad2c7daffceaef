// Issue 3 in the browser: a town's staff member imports the education department's list,
// finds a graduate, records a phone contact, and sees the status and the household change.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server, launch, newPage, signIn, shot, DESKTOP, PHONE, assertFitsPhone } from './browser.mjs';
import { idNumber } from '../api/server.mjs';

// An ID number whose last character is deliberately not the check character.
const wrongCheck = (first17) => {
  const good = idNumber(first17);
  return first17 + (good.endsWith('1') ? '2' : '1');
};

let server;
let browser;
let csvPath;
before(async () => {
  server = await Server.start({ demo: true });
  browser = await launch();
  const rows = [
    ['姓名', '身份证号', '手机号', '居住地区划代码', '学历', '毕业院校', '专业', '毕业时间', '人员类别', '家庭编号', '求职意向'],
    ['陈思雨', idNumber('50015320030412002'), '13883001234', '500153001001', '本科', '重庆文理学院', '会计学', '2026-06-28', '高校毕业生', 'CY-01', '会计'],
    ['刘浩然', idNumber('50015320020918003'), '13983004567', '重庆市荣昌区昌元街道', '大专', '重庆电子工程职业学院', '电子商务', '2026-06-30', '高校毕业生', 'LH-01', '电商运营'],
    ['周建华', idNumber('50015319740203001'), '13512340000', '500153001001', '初中', '', '', '', '低保、去产能4050人员', 'ZJ-01', '保安'],
    ['错误行', wrongCheck('50015320050101002'), '', '500153001001', '本科', '', '', '', '', '', ''],
  ];
  csvPath = join(mkdtempSync(join(tmpdir(), 'bangfu-e2e-')), '教委移交名单.csv');
  // As the list comes: a title over the header and a serial-number column.
  const numbered = rows.map((r, i) => [i ? String(i) : '序号', ...r]);
  writeFileSync(csvPath, '昌元街道2026届高校毕业生实名信息\n' + numbered.map((r) => r.join(',')).join('\n') + '\n');
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('import the list, find a graduate, record a contact, see the status change', async () => {
  const page = await newPage(browser, DESKTOP, '198.51.100.211');
  await signIn(page, server.url, 'zhen_staff');
  await page.click('[data-test=menu-persons-import]');
  await page.setInputFiles('[data-test=import-file]', csvPath);
  await page.click('[data-test=import-check]');
  await page.waitForSelector('[data-test=import-errors] >> text=校验位');
  assert.match(await page.textContent('[data-test=import-notes]'), /第 1 行在表头之上.*序号/s);
  await shot(page, 'import-checked-desktop');
  // Keep the good rows.
  await page.click('text=只导入正确的行');
  await page.click('[data-test=import-run]');
  await page.waitForSelector('[data-test=import-report] >> text=导入完成');

  await page.click('[data-test=menu-persons]');
  await page.waitForSelector('[data-test=person-table] >> text=陈思雨');
  await shot(page, 'persons-desktop');
  await page.fill('[data-test=person-search]', '陈');
  await page.click('[data-test=person-search-btn]');
  await page.click('[data-test=person-table] >> text=陈思雨');
  await page.waitForSelector('[data-test=person-name]:has-text("陈思雨")');
  await page.waitForSelector('[data-test=zero-employment]');
  assert.match(await page.textContent('[data-test=id-number]'), /^500153\*+\d{3}[\dX]$/);
  await page.click('[data-test=record-contact]');
  await page.click('[data-test=contact-result] >> text=已就业');
  await page.fill('[data-test=contact-dialog] textarea', '已在荣昌区某会计师事务所就业');
  await page.click('[data-test=contact-save]');
  await page.waitForSelector('[data-test=person-status]:has-text("单位就业")');
  await page.waitForSelector('[data-test=timeline] >> text=电话联系：已就业');
  // The household is no longer zero-employment (the tag leaves with a short transition).
  await page.waitForSelector('[data-test=zero-employment]', { state: 'detached' });
  await shot(page, 'person-detail-desktop');
  await page.context().close();
});

test('the town registers unemployment and sees the deadline on its 工作台', async () => {
  const page = await newPage(browser, DESKTOP, '198.51.100.213');
  await signIn(page, server.url, 'zhen_staff');
  await page.click('[data-test=menu-persons]');
  await page.click('[data-test=person-table] >> text=刘浩然');
  await page.waitForSelector('[data-test=person-name]:has-text("刘浩然")');
  await page.click('[data-test=register]');
  await page.click('[data-test=reg-save]');
  await page.waitForSelector('[data-test=registration-card] >> text=办理中');
  await page.click('[data-test=menu-workbench]');
  await page.waitForSelector('[data-test=registrations] >> text=刘浩然');
  assert.match(await page.textContent('[data-test=registrations]'), /7 个工作日/);
  await shot(page, 'workbench-town-desktop');
  await page.context().close();
});

test('a walk-in person is added with the form, with a clear error first', async () => {
  const page = await newPage(browser, DESKTOP, '198.51.100.214');
  await signIn(page, server.url, 'zhen_staff');
  await page.click('[data-test=menu-persons]');
  await page.click('[data-test=person-new]');
  await page.fill('[data-test=pf-name]', '黄晓东');
  await page.fill('[data-test=pf-id]', wrongCheck('50015319980808003'));
  await page.click('[data-test=pf-region]');
  await page.click('.el-cascader-panel >> text=昌元街道');
  await page.click('.el-cascader-panel .el-cascader-menu >> nth=1 >> .el-cascader-node >> nth=0');
  await page.click('[data-test=pf-save]');
  await page.waitForSelector('[data-test=person-form] >> text=校验位');
  await shot(page, 'person-form-error-desktop');
  await page.fill('[data-test=pf-id]', idNumber('50015319980808003'));
  await page.click('[data-test=pf-save]');
  await page.waitForSelector('[data-test=person-name]:has-text("黄晓东")');
  await page.context().close();
});

test('a community worker reads the list and a person on a 390-px phone', async () => {
  const page = await newPage(browser, PHONE, '198.51.100.212');
  await signIn(page, server.url, 'she_staff');
  await page.click('button[aria-label=打开菜单]');
  await page.click('.menu-drawer [data-test=menu-persons]');
  await page.waitForSelector('[data-test=person-table] >> text=周建华');
  await shot(page, 'persons-phone');
  await page.click('[data-test=person-table] >> text=周建华');
  await page.waitForSelector('[data-test=person-name]');
  await assertFitsPhone(page, 'page');
  await shot(page, 'person-detail-phone');
  await page.click('button[aria-label=打开菜单]');
  await page.click('.menu-drawer [data-test=menu-persons-import]');
  await page.setInputFiles('[data-test=import-file]', csvPath);
  await page.click('[data-test=import-check]');
  await page.waitForSelector('[data-test=import-report]');
  await assertFitsPhone(page, 'import page');
  await shot(page, 'import-phone');
  await page.context().close();
});
