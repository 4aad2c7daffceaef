// Issue 5 in the browser: the employer posts a job from 我的岗位, staff open it in 岗位 with the
// review checks in view and publish it, the posting shows its best candidates with reasons, and
// a person's page shows 推荐岗位; the pages read on a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, launch, newPage, signIn, shot, DESKTOP, PHONE } from './browser.mjs';

// Element Plus puts data-test on the <input> itself for el-input, on the wrapper elsewhere.
const field = (t) => `:is(input, textarea)[data-test=${t}], [data-test=${t}] :is(input, textarea)`;

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

test('employer posts, staff review with checks, candidates and recommendations show reasons', async () => {
  const qiye = await newPage(browser, DESKTOP, '198.51.100.241');
  await signIn(qiye, server.url, 'qiye');
  await qiye.goto(server.url + '/my-postings');
  await qiye.click('[data-test=posting-new]');
  await qiye.fill(field('posting-title'), '仓库管理员');
  await qiye.fill(field('posting-salary-min'), '4000');
  await qiye.fill(field('posting-salary-max'), '5500');
  await qiye.fill(field('posting-description'), '负责收发货，入职交押金 200 元');
  await qiye.click('[data-test=posting-save]');
  await qiye.waitForSelector('[data-test=posting-status]:has-text("待审核")');
  await qiye.waitForSelector('[data-test=posting-checks]:has-text("疑似收费")');
  const id = /\/postings\/(\d+)/.exec(qiye.url())[1];
  await shot(qiye, 'posting-employer-pending');

  const staff = await newPage(browser, DESKTOP, '198.51.100.242');
  await signIn(staff, server.url, 'qu_admin');
  await staff.goto(server.url + '/postings?status=pending');
  await staff.waitForSelector('[data-test=posting-item]');
  await shot(staff, 'postings-list');
  // A demo posting paying far above its peers carries the salary finding.
  await staff.goto(server.url + `/postings/${id}`);
  await staff.waitForSelector('[data-test=posting-checks]');
  assert.match(await staff.locator('[data-test=posting-checks]').innerText(), /押金/);
  await shot(staff, 'posting-review');
  await staff.click('[data-test=posting-publish]');
  await staff.waitForSelector('[data-test=posting-status]:has-text("已发布")');

  // A published demo posting with candidates: reasons are listed.
  const list = await (await staff.request.get(server.url + '/api/v1/postings?status=published&size=50')).json();
  let withCandidates = null;
  for (const p of list.items) {
    const c = await (await staff.request.get(server.url + `/api/v1/postings/${p.id}/candidates?k=5`)).json();
    if (c.items.length) { withCandidates = { posting: p, person: c.items[0].person_id }; break; }
  }
  assert.ok(withCandidates, 'some demo posting has candidates');
  await staff.goto(server.url + `/postings/${withCandidates.posting.id}`);
  await staff.waitForSelector('[data-test=candidate]');
  assert.match(await staff.locator('[data-test=candidate]').first().innerText(), /匹配度/);
  await shot(staff, 'posting-candidates');
  await staff.goto(server.url + `/persons/${withCandidates.person}`);
  await staff.waitForSelector('[data-test=recommendation]');
  await staff.locator('[data-test=recommendations]').scrollIntoViewIfNeeded();
  await shot(staff, 'person-recommendations');

  const phone = await newPage(browser, PHONE, '198.51.100.243');
  await signIn(phone, server.url, 'qu_admin');
  await phone.goto(server.url + '/postings');
  await phone.waitForSelector('[data-test=posting-item]');
  await shot(phone, 'postings-list-phone');
  await phone.goto(server.url + `/postings/${withCandidates.posting.id}`);
  await phone.waitForSelector('[data-test=candidate]');
  await shot(phone, 'posting-detail-phone');
});
