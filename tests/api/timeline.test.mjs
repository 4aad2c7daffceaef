// Issue 3 "the person page shows the timeline" over HTTP: GET /persons/{id}/timeline gives every
// dated event of the person — status changes with who and why, contacts, service records (a job
// referral with its employer, job and outcome), the plan opened and closed, the unemployment
// registration lodged and decided, category periods — newest first, labelled in Chinese, paged,
// scoped (another community's person is 404) and for ledger roles only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, Client, idNumber } from './server.mjs';

let server, admin, town, she, leader, seeker;
let personId, otherId, sheName, townName;
const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);  // China Standard Time.

function shift(date, days) {
  const d = new Date(date + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

before(async () => {
  server = await Server.start();
  [admin, town, she, leader, seeker] = [0, 1, 2, 3, 4].map(() => new Client(server.url));
  assert.equal((await admin.signIn('qu_admin')).status, 200);
  const t = await town.signIn('zhen_staff');
  assert.equal(t.status, 200);
  townName = t.json.user.display_name;
  const me = await she.signIn('she_staff');
  assert.equal(me.status, 200);
  sheName = me.json.user.display_name;
  assert.equal((await leader.signIn('lingdao')).status, 200);
  assert.equal((await seeker.signIn('qiuzhi')).status, 200);
  const community = me.json.user.scope.padEnd(12, '0');
  const person = {
    id_number: idNumber('50015319900305124'), name: '周晓梅', hukou_region: community, residence_region: community,
    education: '高中',
    categories: [
      { category: 'dibao', valid_from: shift(today, -300), valid_to: shift(today, -30), source: '民政低保名单' },
      { category: 'disabled', valid_from: shift(today, -200), source: '残联名单' },
    ],
  };
  const created = await admin.request('POST', '/api/v1/persons', { body: person });
  assert.equal(created.status, 201, created.text);
  personId = created.json.id;
  const other = await admin.request('POST', '/api/v1/persons', { body: {
    ...person, id_number: idNumber('50015319900305125'), name: '钱进', hukou_region: '500153002001',
    residence_region: '500153002001' } });
  assert.equal(other.status, 201, other.text);
  otherId = other.json.id;
});
after(async () => { await server?.stop(); });

test('the timeline holds every dated event of the person, newest first, with who and Chinese labels', async () => {
  const base = `/api/v1/persons/${personId}`;
  const ok = (r, status = 200) => { assert.equal(r.status, status, r.text); return r; };
  ok(await she.request('POST', `${base}/status`, { body: {
    status: 'flexible', effective: shift(today, -20), detail: '外卖骑手', reason: '入户走访确认' } }), 204);
  ok(await she.request('POST', `${base}/contacts`, { body: {
    date: shift(today, -10), channel: 'phone', classification: 'unemployed', notes: '骑手工作已停' } }), 204);
  const plan = ok(await she.request('PUT', `${base}/plan`, { body: {
    causes: ['skills_lacking'], goals: '培训后就近就业',
    steps: [{ title: '推荐岗位', service_kind: 'job_referral', owner_user_id: (await she.request('GET', '/api/v1/me')).json.user.id, due_date: shift(today, 7) }] } }));
  const referral = ok(await she.request('POST', `${base}/services`, { body: {
    kind: 'job_referral', channel: 'visit', referral_employer_name: '重庆某物流公司', referral_job_title: '分拣员',
    referral_contact: '王经理 023-46781234', notes: '带简历前往' } }), 201);
  ok(await she.request('PUT', `/api/v1/services/${referral.json.id}/outcome`, { body: { outcome: 'rejected' } }));
  ok(await she.request('POST', `${base}/services`, { body: { kind: 'policy_briefing', channel: 'phone', notes: '讲解求职补贴' } }), 201);
  ok(await she.request('POST', `${base}/plan/close`, { body: { outcome: 'other', note: '迁往外地' } }));
  const reg = ok(await town.request('POST', `${base}/registrations`, { body: { office_region: '500153001', note: '窗口受理' } }), 201);
  ok(await town.request('POST', `/api/v1/registrations/${reg.json.id}/complete`, { body: { approved: true } }), 204);

  const t = ok(await leader.request('GET', `${base}/timeline`)).json;
  assert.equal(t.total, t.items.length);
  assert.deepEqual([t.page, t.size], [1, 50]);
  const kinds = t.items.map((e) => e.kind);
  for (const k of ['status', 'contact', 'service', 'plan_opened', 'plan_closed', 'registration_lodged',
    'registration_completed', 'category_start', 'category_end'])
    assert.ok(kinds.includes(k), `${k} in ${kinds}`);
  // Newest first: by date, then by when it was written.
  for (let i = 1; i < t.items.length; ++i)
    assert.ok(t.items[i - 1].date >= t.items[i].date, JSON.stringify([t.items[i - 1], t.items[i]]));
  const todays = t.items.filter((e) => e.date === today && e.recorded_at);
  for (let i = 1; i < todays.length; ++i) assert.ok(todays[i - 1].recorded_at >= todays[i].recorded_at);
  assert.equal(t.items[0].kind, 'registration_completed');
  assert.equal(t.items[0].by_name, townName);

  const find = (kind, pred = () => true) => t.items.find((e) => e.kind === kind && pred(e));
  const r = find('service', (e) => e.code === 'job_referral');
  assert.equal(r.kind_label, '岗位推荐');
  assert.equal(r.title, '岗位推荐：重庆某物流公司 · 分拣员（上门走访）');
  assert.ok(r.detail.includes('结果：未录用') && r.detail.includes('王经理 023-46781234'), r.detail);
  assert.deepEqual([r.by_name, r.ref_id, r.date], [sheName, referral.json.id, today]);
  const s = find('status', (e) => e.code === 'flexible');
  assert.deepEqual([s.date, s.kind_label, s.detail, s.by_name], [shift(today, -20), '状态变更', '入户走访确认', sheName]);
  assert.ok(s.title.includes('外卖骑手'));
  const c = find('contact');
  assert.deepEqual([c.title, c.detail, c.by_name], ['电话联系：未就业', '骑手工作已停', sheName]);
  const opened = find('plan_opened');
  assert.deepEqual([opened.ref_id, opened.by_name], [plan.json.id, sheName]);
  assert.ok(opened.detail.includes('培训后就近就业'));
  const closed = find('plan_closed');
  assert.deepEqual([closed.code, closed.by_name], ['other', sheName]);
  assert.ok(closed.detail.includes('迁往外地'), closed.detail);
  const lodged = find('registration_lodged');
  assert.ok(lodged.title.includes('办结期限'), lodged.title);
  assert.equal(lodged.by_name, townName);
  const ended = find('category_end', (e) => e.code === 'dibao');
  assert.deepEqual([ended.date, ended.by_user_id], [shift(today, -30), null]);
  assert.ok(!find('category_end', (e) => e.code === 'disabled'), 'an open-ended category has no end');
  // Every event reads in Chinese: no machine id in the words people see.
  for (const e of t.items) assert.doesNotMatch(e.title + e.kind_label, /[a-z]{3,}_?[a-z]*/, JSON.stringify(e));

  // Paged: the pages together are the whole timeline, in the same order.
  const p1 = ok(await she.request('GET', `${base}/timeline?size=4`)).json;
  const p2 = ok(await she.request('GET', `${base}/timeline?size=4&page=2`)).json;
  assert.equal(p1.items.length, 4);
  assert.deepEqual([...p1.items, ...p2.items].map((e) => e.title), t.items.slice(0, 8).map((e) => e.title));
  assert.equal(p1.total, t.total);
  assert.deepEqual(ok(await she.request('GET', `${base}/timeline?page=99`)).json.items, []);
});

test('the timeline: bad paging names the field; outside scope 404; roles without the ledger 403', async () => {
  for (const [q, field] of [['size=0', 'size'], ['size=201', 'size'], ['page=0', 'page'], ['page=x', 'page']]) {
    const r = await she.request('GET', `/api/v1/persons/${personId}/timeline?${q}`);
    assert.equal(r.status, 400, q);
    assert.equal(r.json.error.field, field, q);
  }
  assert.equal((await she.request('GET', `/api/v1/persons/${otherId}/timeline`)).status, 404);
  assert.equal((await admin.request('GET', `/api/v1/persons/${otherId}/timeline`)).status, 200);
  assert.equal((await seeker.request('GET', `/api/v1/persons/${personId}/timeline`)).status, 403);
  assert.equal((await she.request('GET', '/api/v1/persons/99999999/timeline')).status, 404);
});
