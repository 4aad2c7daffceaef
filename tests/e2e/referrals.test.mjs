// Issue 5 item 5 in the browser: staff push a recommended posting from the person's 推荐岗位
// card in one click (it appears as a job referral in the 帮扶 card), the referral form picks a
// published posting, the job seeker sees the referral on 岗位推荐 and says applied on a phone,
// and the employer marks hired; every changed page is shot at desktop and phone width.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, launch, newPage, signIn, shot, DESKTOP, PHONE, assertFitsPhone } from './browser.mjs';

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

test('one-click push, the posting picker, the person and the employer record outcomes', async () => {
  const staff = await newPage(browser, DESKTOP, '198.51.100.71');
  await signIn(staff, server.url, 'qu_admin');
  // A demo person with recommendations: the best candidate of some published posting.
  const list = await (await staff.request.get(server.url + '/api/v1/postings?status=published&size=50')).json();
  let personId = null;
  for (const p of list.items) {
    const c = await (await staff.request.get(server.url + `/api/v1/postings/${p.id}/candidates?k=1`)).json();
    if (c.items.length) { personId = c.items[0].person_id; break; }
  }
  assert.ok(personId, 'some demo posting has candidates');

  await staff.goto(server.url + `/persons/${personId}`);
  await staff.waitForSelector('[data-test=push]');
  const first = staff.locator('[data-test=recommendation]').first();
  const postingId = Number(/\/postings\/(\d+)/.exec(await first.locator('a').first().getAttribute('href'))[1]);
  const postingTitle = (await first.locator('a').first().innerText()).trim();
  await first.locator('[data-test=push]').click();
  await first.locator('[data-test=pushed]').waitFor();
  // The 帮扶 card reloads: the push is a job referral with the match noted.
  await staff.waitForSelector('[data-test=service-item]:has-text("一键推送")');
  assert.equal(await staff.locator('[data-test=service-item]:has-text("一键推送")').count(), 1);
  await first.scrollIntoViewIfNeeded();
  await shot(staff, 'referral-pushed-desktop');

  // The referral form searches published postings instead of asking for an employer number.
  await staff.click('[data-test=record-service]');
  await staff.click('[data-test=kind-chips] [data-kind=job_referral]');
  await staff.click('[data-test=referral-posting]');
  await staff.keyboard.type(postingTitle.slice(0, 1));
  await staff.waitForSelector(`.el-select-dropdown__item:has-text("${postingTitle}")`);
  await shot(staff, 'referral-form-desktop');
  await staff.keyboard.press('Escape');

  const phoneStaff = await newPage(browser, PHONE, '198.51.100.72');
  await signIn(phoneStaff, server.url, 'qu_admin');
  await phoneStaff.goto(server.url + `/persons/${personId}`);
  await phoneStaff.waitForSelector('[data-test=recommendation]');
  await phoneStaff.locator('[data-test=recommendations]').scrollIntoViewIfNeeded();
  await shot(phoneStaff, 'referral-pushed-phone');
  await phoneStaff.click('[data-test=record-service]');
  await phoneStaff.click('[data-test=kind-chips] [data-kind=job_referral]');
  await phoneStaff.waitForSelector('[data-test=referral-posting]');
  await shot(phoneStaff, 'referral-form-phone');
  await assertFitsPhone(phoneStaff, 'form');

  // The person, signed in on a phone, sees the referral and says applied.
  server.cli(['user', 'add', 'seeker_e2e', '--role', 'job_seeker', '--name', '求职者', '--person', String(personId),
    '--password-stdin'], 'bangfu-demo\n');
  const posting = await (await staff.request.get(server.url + `/api/v1/postings/${postingId}`)).json();
  server.cli(['user', 'add', 'employer_e2e', '--role', 'employer', '--name', posting.employer_name,
    '--org', String(posting.employer_id), '--password-stdin'], 'bangfu-demo\n');
  const seeker = await newPage(browser, PHONE, '198.51.100.73');
  await signIn(seeker, server.url, 'seeker_e2e');
  await seeker.goto(server.url + '/my-referrals');
  await seeker.waitForSelector(`[data-test=my-referrals] :text("${posting.title}")`);
  await shot(seeker, 'my-referrals-seeker-phone');
  await seeker.click('[data-test=record-applied]');
  await seeker.waitForSelector('[data-test=referral-outcome]:has-text("已投递")');
  await shot(seeker, 'my-referrals-seeker-applied-phone');

  // The employer marks hired on a desktop; the person's page then shows the new status.
  const employer = await newPage(browser, DESKTOP, '198.51.100.74');
  await signIn(employer, server.url, 'employer_e2e');
  await employer.goto(server.url + '/my-referrals');
  await employer.waitForSelector('[data-test=record-hired]');
  await shot(employer, 'my-referrals-employer-desktop');
  await employer.click('[data-test=record-hired]');
  await employer.waitForSelector('[data-test=hire-dialog]');
  await shot(employer, 'my-referrals-hire-dialog-desktop');
  await employer.click('[data-test=hire-confirm]');
  await employer.waitForSelector('[data-test=referral-outcome]:has-text("已录用")');
  const phoneEmployer = await newPage(browser, PHONE, '198.51.100.75');
  await signIn(phoneEmployer, server.url, 'employer_e2e');
  await phoneEmployer.goto(server.url + '/my-referrals');
  await phoneEmployer.waitForSelector('[data-test=referral-outcome]:has-text("已录用")');
  await shot(phoneEmployer, 'my-referrals-employer-phone');
  const person = await (await staff.request.get(server.url + `/api/v1/persons/${personId}`)).json();
  assert.equal(person.status, 'employed_employer');
});
