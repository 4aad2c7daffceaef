// Issue 3 in the browser: the person page's timeline shows the person's case work — a job
// referral with its employer, job and outcome, services, the plan opened and closed, the
// unemployment registration — beside status changes and contacts, newest first with who did
// it; a long history loads page by page; on a 390-px phone it fits the screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Server, launch, newPage, signIn, shot, DESKTOP, PHONE, SHOTS, assertFitsPhone } from './browser.mjs';
import { Client, idNumber } from '../api/server.mjs';

let server, browser, personId, longId, sheName;
const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);  // China Standard Time.
const shift = (date, days) => {
  const d = new Date(date + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};
const ok = (r, status = 200) => { assert.equal(r.status, status, r.text); return r; };

before(async () => {
  server = await Server.start({ demo: true, demoPersons: 200 });
  browser = await launch();
  const she = new Client(server.url);
  const me = ok(await she.signIn('she_staff'));
  sheName = me.json.user.display_name;
  const region = me.json.user.scope.padEnd(12, '0');
  const admin = new Client(server.url);
  ok(await admin.signIn('qu_admin'));
  const person = { id_number: idNumber('50015319850612127'), name: '邓丽萍', hukou_region: region, residence_region: region,
    education: '高中', categories: [{ category: 'dibao', valid_from: '2024-01-01', source: '民政低保名单' }] };
  personId = ok(await admin.request('POST', '/api/v1/persons', { body: person }), 201).json.id;
  const base = `/api/v1/persons/${personId}`;
  ok(await she.request('POST', `${base}/contacts`, { body: { date: shift(today, -5), channel: 'visit', classification: 'unemployed', notes: '有意从事仓储工作' } }), 204);
  ok(await she.request('PUT', `${base}/plan`, { body: { causes: ['job_info_lacking'], goals: '一个月内推荐上岗',
    steps: [{ title: '推荐仓储岗位', service_kind: 'job_referral', owner_user_id: me.json.user.id, due_date: shift(today, 10) }] } }));
  const referral = ok(await she.request('POST', `${base}/services`, { body: { kind: 'job_referral', channel: 'phone',
    referral_employer_name: '重庆荣昌仓储物流有限公司', referral_job_title: '仓库管理员', referral_contact: '刘主管 023-46700000',
    notes: '已约周三面试' } }), 201);
  ok(await she.request('PUT', `/api/v1/services/${referral.json.id}/outcome`, { body: { outcome: 'interviewed' } }));
  ok(await she.request('POST', `${base}/services`, { body: { kind: 'career_guidance', channel: 'visit', notes: '面试技巧辅导' } }), 201);
  const reg = ok(await she.request('POST', `${base}/registrations`, { body: { office_region: region.slice(0, 9), note: '窗口受理' } }), 201);
  ok(await she.request('POST', `/api/v1/registrations/${reg.json.id}/complete`, { body: { approved: true } }), 204);

  // A person with a long history: 40 contacts over 40 days.
  longId = ok(await admin.request('POST', '/api/v1/persons', { body: { ...person, id_number: idNumber('50015319850612224'), name: '邓长青' } }), 201).json.id;
  for (let i = 0; i < 40; ++i)
    ok(await she.request('POST', `/api/v1/persons/${longId}/contacts`, { body: { date: shift(today, -i), channel: 'phone',
      classification: 'unemployed', notes: `第 ${40 - i} 次电话回访` } }), 204);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function timelineText(page) {
  return page.locator('[data-test=timeline]').innerText();
}
// The page scrolls inside its layout, so a full-page shot stops at the window: the timeline's
// card is photographed on its own as well, in a window tall enough to hold it.
async function shotTimeline(page, name) {
  await shot(page, name);
  const viewport = page.viewportSize();
  await page.setViewportSize({ width: viewport.width, height: 3000 });
  await page.waitForTimeout(300);
  await page.locator('.card:has([data-test=timeline])').screenshot({ path: join(SHOTS, `${name}-card.png`) });
  await page.setViewportSize(viewport);
}

test('the person page timeline shows the case work, newest first, with who did it', async () => {
  const page = await newPage(browser, DESKTOP, '198.51.100.71');
  await signIn(page, server.url, 'she_staff');
  await page.goto(`${server.url}/persons/${personId}`);
  await page.waitForSelector('[data-test=timeline] >> text=岗位推荐：重庆荣昌仓储物流有限公司 · 仓库管理员');
  const text = await timelineText(page);
  for (const words of ['结果：已面试', '刘主管 023-46700000', '职业指导', '制定帮扶计划', '失业登记办结：准予登记',
    '申请失业登记', '上门走访联系：未就业', '认定为「低保家庭成员」', sheName])
    assert.ok(text.includes(words), `${words} in the timeline:\n${text}`);
  // Newest first: the registration decided last comes before the referral, which comes before
  // the contact five days ago and the category from 2024.
  const at = (s) => text.indexOf(s);
  assert.ok(at('失业登记办结') < at('岗位推荐：') && at('岗位推荐：') < at('上门走访联系') && at('上门走访联系') < at('认定为「低保家庭成员」'), text);
  assert.equal(await page.locator('[data-test=timeline-more]').count(), 0);
  await shotTimeline(page, 'person-timeline-desktop');

  // Recording a service on the 帮扶 card puts it on the timeline at once.
  await page.click('[data-test=record-service]');
  await page.click('[data-test=kind-chips] [data-kind=policy_briefing]');
  await page.click('[data-test=channel-chips] [data-channel=phone]');
  await page.click('[data-test=service-save]');
  await page.waitForSelector('[data-test=timeline] >> text=政策宣介（电话）');
  await page.context().close();
});

test('a long history loads page by page', async () => {
  const page = await newPage(browser, DESKTOP, '198.51.100.72');
  await signIn(page, server.url, 'she_staff');
  await page.goto(`${server.url}/persons/${longId}`);
  await page.waitForSelector('[data-test=timeline] >> text=第 40 次电话回访');
  assert.match(await page.locator('[data-test=timeline-total]').innerText(), /共 4\d 项/);
  const first = await page.locator('[data-test=timeline] .el-timeline-item').count();
  assert.equal(first, 30);
  assert.ok(!(await timelineText(page)).includes('第 1 次电话回访'));
  await page.click('[data-test=timeline-more]');
  await page.waitForSelector('[data-test=timeline] >> text=第 1 次电话回访');
  assert.ok(await page.locator('[data-test=timeline] .el-timeline-item').count() > first);
  await page.waitForSelector('[data-test=timeline-more]', { state: 'detached' });
  await shotTimeline(page, 'person-timeline-long-desktop');
  await page.context().close();
});

test('the timeline fits a phone', async () => {
  const page = await newPage(browser, PHONE, '198.51.100.73');
  await signIn(page, server.url, 'she_staff');
  await page.goto(`${server.url}/persons/${personId}`);
  await page.waitForSelector('[data-test=timeline] >> text=岗位推荐：重庆荣昌仓储物流有限公司 · 仓库管理员');
  await assertFitsPhone(page, 'the person page with its timeline');
  await shotTimeline(page, 'person-timeline-phone');
  await page.context().close();
});
