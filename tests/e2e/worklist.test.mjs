// Issue 6 §4–5 in the browser: a community worker on a 390-px phone opens 工作台, taps a person
// missing a required service, records it and sees the requirement turn complete; leaders'
// 达标情况 and the 零就业家庭 list. Every page is photographed at desktop and phone size.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, launch, newPage, signIn, shot, DESKTOP, PHONE, assertFitsPhone } from './browser.mjs';
import { Client, idNumber } from '../api/server.mjs';

let server, browser, personId;
before(async () => {
  server = await Server.start({ demo: true });
  browser = await launch();
  const she = new Client(server.url);
  const me = await she.signIn('she_staff');
  const region = me.json.user.scope.padEnd(12, '0');
  const admin = new Client(server.url);
  await admin.signIn('qu_admin');
  const created = await admin.request('POST', '/api/v1/persons', { body: {
    id_number: idNumber('50015319900311127'), name: '陈桂兰', hukou_region: region, residence_region: region,
    education: '高中', household_key: 'E2E-WL-1',
    categories: [{ category: 'dibao', valid_from: '2023-01-01', source: '民政低保名单' }] } });
  assert.equal(created.status, 201, created.text);
  personId = created.json.id;
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('on a phone: 工作台 → person missing a service → record it → the requirement is complete', async () => {
  const page = await newPage(browser, PHONE, '198.51.100.71');
  await signIn(page, server.url, 'she_staff');
  await page.goto(`${server.url}/workbench`);
  await page.waitForSelector('[data-test=wl-missing_service]');
  await shot(page, 'worklist-phone');
  await assertFitsPhone(page, 'worklist');
  await page.click(`[data-test=wl-missing_service] [data-test=wl-item][data-person="${personId}"]`);
  await page.waitForURL(`**/persons/${personId}`);
  const req = '[data-test=compliance] [data-test=req-RC-S-BRIEF]';
  await page.waitForSelector(`${req} >> text=缺 1 次`);
  await shot(page, 'worklist-person-phone');
  await page.click('[data-test=record-service]');
  await page.click('[data-test=kind-chips] [data-kind=policy_briefing]');
  await page.click('[data-test=channel-chips] [data-channel=visit]');
  await page.click('[data-test=service-save]');
  await page.waitForSelector(`${req} >> text=已完成`);
  assert.equal(await page.locator(`${req} [data-test=req-count]`).innerText(), '1/1');
  await shot(page, 'worklist-person-done-phone');
});

for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
  test(`leader pages at ${name} size: 工作台 roll-ups, 达标情况, 零就业家庭`, async () => {
    const page = await newPage(browser, viewport, name === 'phone' ? '198.51.100.72' : '198.51.100.73');
    await signIn(page, server.url, 'lingdao');
    await page.goto(`${server.url}/workbench`);
    await page.waitForSelector('[data-test=wl-rollup]');
    await shot(page, `worklist-leader-${name}`);
    await page.goto(`${server.url}/compliance`);
    await page.waitForSelector('[data-test=by-town] .el-table__row');
    assert.match(await page.locator('[data-test=compliance-total]').innerText(), /纳入标准/);
    await shot(page, `compliance-${name}`);
    await page.goto(`${server.url}/zero-employment`);
    await page.waitForSelector('[data-test=household] >> text=陈桂兰');
    assert.match(await page.locator('[data-test=household]', { hasText: '陈桂兰' }).innerText(), /为有劳动能力的成员制定援助计划/);
    await shot(page, `zero-employment-${name}`);
  });
}
