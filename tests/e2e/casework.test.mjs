// Issue 6 (case work) in the browser: a community worker on a 390-px phone opens a person,
// records a service in a few taps, and sees the plan step it completes turn done; the plan
// editor and closing with follow-ups on a desktop.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, launch, newPage, signIn, shot, DESKTOP, PHONE, assertFitsPhone } from './browser.mjs';
import { Client, idNumber, creditCode } from '../api/server.mjs';

let server, browser, personId, needsPersonId, sheId;
before(async () => {
  server = await Server.start({ demo: true });
  browser = await launch();
  const she = new Client(server.url);
  const me = await she.signIn('she_staff');
  sheId = me.json.user.id;
  const region = me.json.user.scope.padEnd(12, '0');
  const admin = new Client(server.url);
  await admin.signIn('qu_admin');
  const created = await admin.request('POST', '/api/v1/persons', { body: {
    id_number: idNumber('50015319760811127'), name: '黄秀英', hukou_region: region, residence_region: region,
    education: '初中', categories: [{ category: 'dibao', valid_from: '2023-01-01', source: '民政低保名单' }] } });
  assert.equal(created.status, 201, created.text);
  personId = created.json.id;
  // An employer in the community, for the close dialog's employer picker.
  const employer = await admin.request('POST', '/api/v1/employers', { body: {
    credit_code: creditCode('91500153MA0000888'), name: '荣昌昌元食品有限公司', size_class: '小型', kind: 'enterprise',
    region_code: region, address: '昌元街道测试路 6 号' } });
  assert.equal(employer.status, 201, employer.text);
  // The needs test has a person of its own: closing the first one's plan with work found (the
  // desktop test) makes them employed, and the standard no longer covers them.
  const other = await admin.request('POST', '/api/v1/persons', { body: {
    id_number: idNumber('50015319800305224'), name: '李桂兰', hukou_region: region, residence_region: region,
    education: '初中', categories: [{ category: 'dibao', valid_from: '2023-01-01', source: '民政低保名单' }] } });
  assert.equal(other.status, 201, other.text);
  needsPersonId = other.json.id;
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
  const plan = await she.request('PUT', `/api/v1/persons/${personId}/plan`, { body: {
    causes: ['age', 'family_care'], cause_notes: '需照顾孙辈', goals: '就近实现灵活就业',
    steps: [{ title: '上门开展职业指导', service_kind: 'career_guidance', owner_user_id: sheId, due_date: today },
      { title: '推荐三个就近岗位', service_kind: 'job_referral', owner_user_id: sheId, due_date: today }] } });
  assert.equal(plan.status, 200, plan.text);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a community worker records a service on a phone and the plan step turns done', async () => {
  const page = await newPage(browser, PHONE, '198.51.100.61');
  await signIn(page, server.url, 'she_staff');
  await page.goto(`${server.url}/persons/${personId}`);
  await page.waitForSelector('[data-test=case-panel] [data-test=plan-steps]');
  await page.waitForSelector('[data-test=plan] >> text=已完成 0 / 2 步');
  await shot(page, 'casework-person-phone');
  const started = Date.now();
  await page.click('[data-test=record-service]');
  await page.click('[data-test=kind-chips] [data-kind=career_guidance]');
  await page.click('[data-test=channel-chips] [data-channel=visit]');
  // No outcome for guidance: the outcome chips are not offered.
  assert.equal(await page.locator('[data-test=outcome-chips]').count(), 0);
  await page.fill('textarea[data-test=service-notes]', '上门讲解求职补贴，建议参加家政培训');
  await shot(page, 'casework-record-phone');
  await assertFitsPhone(page, 'form');
  await page.click('[data-test=service-save]');
  await page.waitForSelector('[data-test=service-item] >> text=上门讲解求职补贴');
  assert.ok(Date.now() - started < 60000);
  await page.waitForSelector('[data-test=plan] >> text=已完成 1 / 2 步');

  // A referral offers its outcomes; a bad employer is refused with the reason shown, nothing stored.
  await page.click('[data-test=record-service]');
  await page.click('[data-test=kind-chips] [data-kind=job_referral]');
  await page.waitForSelector('[data-test=outcome-chips] >> text=已录用');
  // Where the job comes from: two labelled buttons, the chosen one filled, the other dark text
  // on white — readable on a phone (it was white text inside a pale grey switch).
  const where = await page.evaluate(() => {
    const text = (sel) => getComputedStyle(document.querySelector(`${sel} .el-radio-button__inner`));
    return { on: text('[data-test=referral-published]').color, off: text('[data-test=referral-outside]').color,
      offBg: text('[data-test=referral-outside]').backgroundColor };
  });
  assert.equal(where.on, 'rgb(255, 255, 255)');
  assert.equal(where.offBg, 'rgb(255, 255, 255)');
  assert.ok(where.off.startsWith('rgb(') && Math.max(...where.off.match(/\d+/g).map(Number)) < 100,
    `unselected label is pale: ${where.off}`);
  await shot(page, 'casework-referral-where-phone');
  await page.click('[data-test=referral-outside]');  // A job outside the platform: what staff know of it.
  // Nothing filled in: each missing field says so under itself, and nothing is sent.
  await page.click('[data-test=service-save]');
  await page.waitForSelector('[data-test=referral-employer-name-error] >> text=请填写用人单位名称');
  await page.waitForSelector('[data-test=referral-title-error] >> text=请填写岗位名称');
  await shot(page, 'casework-error-phone');
  await assertFitsPhone(page, 'form');
  assert.equal(await page.locator('[data-test=service-item]').count(), 1);
  // An employer the platform does not know, by name, with a job title and whom to call.
  await page.fill('[data-test=referral-employer-name] input, input[data-test=referral-employer-name]', '荣昌某家政服务部');
  await page.fill('input[data-test=referral-title], [data-test=referral-title] input', '保洁员');
  await page.fill('input[data-test=referral-contact], [data-test=referral-contact] input', '刘女士 023-46781234');
  assert.equal(await page.locator('[data-test=referral-employer-name-error], [data-test=referral-title-error]').count(), 0,
    'an error goes once its field is filled');
  await shot(page, 'casework-referral-outside-phone');
  await page.click('[data-test=service-save]');
  const job = page.locator('[data-test=referral-job]').first();
  await job.waitFor();
  assert.equal(await job.innerText(), '推荐岗位：保洁员 · 荣昌某家政服务部（平台外岗位）');
  assert.doesNotMatch(await page.locator('[data-test=services]').innerText(), /单位编号|#\d/);
  await page.waitForSelector('[data-test=referral-contact-shown] >> text=刘女士 023-46781234');
  assert.equal(await page.locator('[data-test=service-item]').count(), 2);
  await page.waitForSelector('[data-test=plan] >> text=已完成 2 / 2 步');
  await page.waitForTimeout(400);
  await shot(page, 'casework-after-phone');
  // The job seeker's referral list names the employer too (API, as 岗位推荐 reads it).
  const services = await (await page.request.get(`${server.url}/api/v1/persons/${personId}/services`)).json();
  const outside = services.items.find((x) => x.referral_job_title === '保洁员');
  assert.deepEqual([outside.referral_employer_id, outside.referral_employer_name], [null, '荣昌某家政服务部']);
  await page.context().close();
});

test('the plan editor and closing with follow-ups on a desktop', async () => {
  const page = await newPage(browser, DESKTOP, '198.51.100.62');
  await signIn(page, server.url, 'zhen_staff');
  await page.goto(`${server.url}/persons/${personId}`);
  await page.waitForSelector('[data-test=plan-steps]');
  await shot(page, 'casework-person-desktop');
  await page.click('[data-test=edit-plan]');
  await page.waitForSelector('[data-test=plan-dialog] [data-test=plan-causes]');
  await shot(page, 'casework-plan-editor-desktop');
  await page.click('[data-test=plan-dialog] .el-dialog__headerbtn');
  await page.click('[data-test=close-plan]');
  await page.click('[data-test=close-dialog] >> text=自主就业');
  // Employer, kind of employment and contract months, as the API takes them.
  const employer = { name: '荣昌昌元食品有限公司' };
  await page.click('[data-test=close-employer]');
  await page.keyboard.type(employer.name.slice(0, 4));
  await page.locator(`.el-select-dropdown__item:visible:has-text("${employer.name}")`).first().click();
  await page.click('[data-test=close-kind]');
  await page.locator('.el-select-dropdown__item:visible:has-text("劳务派遣")').click();
  await page.fill('[data-test=close-months] input', '12');
  await shot(page, 'casework-close-dialog-desktop');
  await page.click('[data-test=close-save]');
  await page.waitForSelector('[data-test=plan-status] >> text=已结案');
  await page.waitForSelector('[data-test=plan-steps] >> text=就业后第 6 个月跟踪回访');
  await shot(page, 'casework-closed-desktop');
  const timeline = await (await page.request.get(`${server.url}/api/v1/persons/${personId}/timeline`)).json();
  const last = timeline.items.find((e) => e.kind === 'status');  // Newest first.
  assert.equal(last.code, 'employed_employer');
  assert.ok(last.title.includes(employer.name), JSON.stringify(last));
  await page.context().close();
});

test('the close dialog fits a phone', async () => {
  const page = await newPage(browser, PHONE, '198.51.100.64');
  await signIn(page, server.url, 'she_staff');
  // A plan for the second person (through the API), so that 实现就业 / 结案 is offered; it is
  // left open, and the needs test below does not depend on it.
  const she = new Client(server.url);
  await she.signIn('she_staff');
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
  const plan = await she.request('PUT', `/api/v1/persons/${needsPersonId}/plan`, { body: {
    causes: ['age'], goals: '就近就业',
    steps: [{ title: '职业指导', service_kind: 'career_guidance', owner_user_id: sheId, due_date: today }] } });
  assert.equal(plan.status, 200, plan.text);
  await page.goto(`${server.url}/persons/${needsPersonId}`);
  await page.waitForSelector('[data-test=case-panel] [data-test=plan-steps]');
  await page.click('[data-test=close-plan]');
  await page.waitForSelector('[data-test=close-employer]');
  await shot(page, 'casework-close-dialog-phone');
  await assertFitsPhone(page, 'dialog');
  await page.click('[data-test=close-dialog] .el-dialog__headerbtn');
  await page.context().close();
});

test('needs: a worker marks a training need on a phone and three training offers become required', async () => {
  const page = await newPage(browser, PHONE, '198.51.100.63');
  await signIn(page, server.url, 'she_staff');
  await page.goto(`${server.url}/persons/${needsPersonId}`);
  await page.waitForSelector('[data-test=needs-none]');
  assert.equal(await page.locator('[data-test=req-RC-S-TRAIN]').count(), 0, 'no training need yet');
  await page.click('[data-test=needs-edit]');
  await page.click('[data-test=needs-training-switch]');
  await page.fill('input[data-test=needs-wish]', '家政服务');
  await page.click('[data-test=needs-startup-switch]');
  await page.click('[data-test=needs-channel] [data-channel=phone]');
  await shot(page, 'casework-needs-phone');
  await assertFitsPhone(page, 'needs form');
  await page.click('[data-test=needs-save]');
  await page.waitForSelector('[data-test=needs-training] >> text=家政服务');
  await page.waitForSelector('[data-test=needs-startup] >> text=有');
  await page.waitForSelector('[data-test=req-RC-S-TRAIN] [data-test=req-count] >> text=0/3');
  await page.waitForTimeout(300);
  await shot(page, 'casework-needs-after-phone');
  await page.context().close();

  const desk = await newPage(browser, DESKTOP, '198.51.100.64');
  await signIn(desk, server.url, 'she_staff');
  await desk.goto(`${server.url}/persons/${needsPersonId}`);
  await desk.waitForSelector('[data-test=needs-training] >> text=家政服务');
  await shot(desk, 'casework-needs-desktop');
  await desk.context().close();
});
