// Issue 5 item 5 and issue 6 item 6 over HTTP: staff push a recommended posting in one click
// (a job referral that counts towards the service standard, once a day however often clicked);
// the person sees it and says applied; the employer marks hired, which writes the employment
// record and the status with history and closes the open assistance plan with its follow-ups;
// a closed posting is refused; outcomes by anyone outside the referral are refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Server, Client, idNumber, creditCode, DEMO_PASSWORD } from './server.mjs';

let server, admin, she, qiye, seeker, otherOrg;
let personId, outsiderId, postingId, closedId, orgId, community;
before(async () => {
  server = await Server.start();
  [admin, she, qiye, seeker, otherOrg] = [0, 1, 2, 3, 4].map(() => new Client(server.url));
  assert.equal((await admin.signIn('qu_admin')).status, 200);
  assert.equal((await qiye.signIn('qiye')).status, 200);
  const me = await she.signIn('she_staff');
  assert.equal(me.status, 200);
  community = me.json.user.scope.padEnd(12, '0');
  orgId = (await qiye.request('GET', '/api/v1/me')).json.user.org_id;
  const person = {
    id_number: idNumber('50015319900101124'), name: '李春燕', hukou_region: community, residence_region: community,
    education: '高中', desired_occupation: '包装工', expected_salary_min: 3000,
    categories: [{ category: 'dibao', valid_from: '2024-01-01', source: '民政低保名单' }],
  };
  const created = await admin.request('POST', '/api/v1/persons', { body: person });
  assert.equal(created.status, 201, created.text);
  personId = created.json.id;
  const outsider = await admin.request('POST', '/api/v1/persons', { body: {
    ...person, id_number: idNumber('50015319850101125'), name: '赵强', hukou_region: '500153002001',
    residence_region: '500153002001' } });
  assert.equal(outsider.status, 201, outsider.text);
  outsiderId = outsider.json.id;

  // The employer's posting, published by staff; and one that is then closed.
  for (const [title, close] of [['包装工', false], ['装卸工', true]]) {
    const p = await qiye.request('POST', '/api/v1/postings', { body: {
      title, openings: 2, salary_min: 3500, salary_max: 4500, work_kind: 'full_time',
      address: '荣昌区昌州街道测试路 1 号', description: '食品包装，包工作餐' } });
    assert.equal(p.status, 201, p.text);
    const ok = await admin.request('POST', `/api/v1/postings/${p.json.id}/review`, { body: { decision: 'publish' } });
    assert.equal(ok.status, 200, ok.text);
    if (close) {
      const c = await qiye.request('POST', `/api/v1/postings/${p.json.id}/close`, { body: { reason: 'filled' } });
      assert.equal(c.status, 200, c.text);
      closedId = p.json.id;
    } else {
      postingId = p.json.id;
    }
  }
  // A job seeker account for the person, and an employer account of another employer.
  server.cli(['user', 'add', 'chunyan', '--role', 'job_seeker', '--name', '李春燕', '--person', String(personId),
    '--password-stdin'], `${DEMO_PASSWORD}\n`);
  const res = await fetch(`${server.url}/api/v1/imports/employers?dry_run=false`, {
    method: 'POST', body: `统一社会信用代码,单位名称,企业规模,单位类型\n${creditCode('91500153MA0000777')},荣昌另一家公司,小型,企业\n`,
    headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'text/csv' },
  });
  assert.equal(res.status, 200, await res.text());
  server.cli(['user', 'add', 'other_org', '--role', 'employer', '--name', '荣昌另一家公司', '--org',
    creditCode('91500153MA0000777'), '--password-stdin'], `${DEMO_PASSWORD}\n`);
  assert.equal((await seeker.signIn('chunyan')).status, 200);
  assert.equal((await otherOrg.signIn('other_org')).status, 200);
});
after(async () => { await server?.stop(); });

const referralRequirement = (c) => c.requirements.find((r) => r.applies && r.services.some((s) => s.id === 'job_referral'));
const sql = (q) => execFileSync('sqlite3', [join(server.data, 'bangfu.db'), q], { encoding: 'utf8' }).trim();

test('a closed posting is refused by name, nothing stored', async () => {
  const push = await she.request('POST', `/api/v1/persons/${personId}/referrals`, { body: { posting_id: closedId } });
  assert.equal(push.status, 400, push.text);
  assert.equal(push.json.error.field, 'posting_id');
  assert.match(push.json.error.message, /已关闭/);
  const form = await she.request('POST', `/api/v1/persons/${personId}/services`, { body: {
    kind: 'job_referral', channel: 'phone', referral_posting_id: closedId } });
  assert.equal(form.status, 400, form.text);
  assert.equal(form.json.error.field, 'referral_posting_id');
  assert.deepEqual((await she.request('GET', `/api/v1/persons/${personId}/services`)).json.items, []);
});

test('push → the person sees it → the employer hires → employment, status, standard and plan move', async () => {
  // The person has an open assistance plan; the hire closes it (推荐就业, follow-ups).
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
  const staffId = (await she.request('GET', '/api/v1/me')).json.user.id;
  const plan = await she.request('PUT', `/api/v1/persons/${personId}/plan`, { body: {
    causes: ['skills_lacking'], goals: '三个月内就业',
    steps: [{ title: '职业指导一次', service_kind: 'career_guidance', owner_user_id: staffId, due_date: today }] } });
  assert.equal(plan.status, 200, plan.text);
  const before = await she.request('GET', `/api/v1/persons/${personId}/compliance`);
  assert.equal(before.status, 200, before.text);
  const req = referralRequirement(before.json);
  assert.ok(req, JSON.stringify(before.json.requirements));

  const first = await she.request('POST', `/api/v1/persons/${personId}/referrals`, { body: { posting_id: postingId, channel: 'phone' } });
  assert.equal(first.status, 201, first.text);
  assert.equal(first.json.kind, 'job_referral');
  assert.equal(first.json.referral_posting_id, postingId);
  assert.equal(first.json.referral_employer_id, orgId);
  assert.equal(first.json.referral_job_title, '包装工');
  assert.match(first.json.notes, /一键推送/);
  const again = await she.request('POST', `/api/v1/persons/${personId}/referrals`, { body: { posting_id: postingId } });
  assert.equal(again.status, 200, again.text);
  assert.equal(again.json.id, first.json.id);
  assert.equal(again.json.created, false);
  assert.equal((await she.request('GET', `/api/v1/persons/${personId}/services`)).json.items.length, 1);
  const after = await she.request('GET', `/api/v1/persons/${personId}/compliance`);
  assert.equal(referralRequirement(after.json).done, req.done + 1);

  const mine = await seeker.request('GET', '/api/v1/me/referrals');
  assert.equal(mine.status, 200, mine.text);
  assert.equal(mine.json.items.length, 1);
  assert.equal(mine.json.items[0].posting.title, '包装工');
  assert.deepEqual(mine.json.items[0].can_record.map((o) => o.id), ['applied', 'declined']);
  const id = first.json.id;
  assert.equal((await seeker.request('PUT', `/api/v1/services/${id}/outcome`, { body: { outcome: 'hired' } })).status, 403);
  const applied = await seeker.request('PUT', `/api/v1/services/${id}/outcome`, { body: { outcome: 'applied' } });
  assert.equal(applied.status, 200, applied.text);

  const theirs = await qiye.request('GET', '/api/v1/me/referrals');
  assert.equal(theirs.status, 200, theirs.text);
  const mineAtEmployer = theirs.json.items.find((r) => r.id === id);
  assert.equal(mineAtEmployer.person.name, '李春燕');
  assert.equal(mineAtEmployer.outcome, 'applied');
  assert.equal((await otherOrg.request('GET', '/api/v1/me/referrals')).json.items.length, 0);

  const future = await qiye.request('PUT', `/api/v1/services/${id}/outcome`, { body: { outcome: 'hired', start_date: '2099-01-01' } });
  assert.equal(future.status, 400);
  assert.equal(future.json.error.field, 'start_date');
  assert.equal(sql(`SELECT COUNT(*) FROM employments WHERE person_id = ${personId}`), '0');
  const hired = await qiye.request('PUT', `/api/v1/services/${id}/outcome`, { body: { outcome: 'hired', contract_months: 24 } });
  assert.equal(hired.status, 200, hired.text);
  assert.equal(hired.json.outcome, 'hired');
  assert.equal(sql(`SELECT employer_id || '|' || kind || '|' || contract_months || '|' || source FROM employments WHERE person_id = ${personId}`),
    `${orgId}|labour_contract|24|岗位推荐`);
  const p = await she.request('GET', `/api/v1/persons/${personId}`);
  assert.equal(p.json.status, 'employed_employer');
  const timeline = await she.request('GET', `/api/v1/persons/${personId}/timeline`);
  const last = timeline.json.items.find((e) => e.kind === 'status');  // Newest first.
  assert.equal(last.code, 'employed_employer');
  assert.equal(last.detail, '岗位推荐录用');
  const log = await admin.request('GET', `/api/v1/audit?object_type=person&object_id=${personId}&limit=100`);
  const actions = log.json.items.map((e) => e.action);
  for (const a of ['case.service.create', 'case.service.outcome', 'person.employment', 'person.status', 'case.plan.close'])
    assert.ok(actions.includes(a), `${a} in ${actions}`);
  const closed = (await she.request('GET', `/api/v1/persons/${personId}/plan`)).json;
  assert.equal(closed.plan.status, 'closed');
  assert.equal(closed.plan.close_outcome, 'referral');
  const followUps = closed.plan.steps.filter((s) => s.service_kind === 'follow_up' && s.status === 'open');
  assert.equal(followUps.length, 3, JSON.stringify(closed.plan.steps));
  assert.equal(closed.plan.steps.find((s) => s.service_kind === 'career_guidance').status, 'cancelled');
  assert.match(closed.revisions[0].reason, /岗位推荐录用（包装工）/);
  assert.equal((await she.request('POST', `/api/v1/persons/${personId}/plan/close`, { body: { outcome: 'referral' } })).status, 409);
  // Hired is final.
  const undo = await she.request('PUT', `/api/v1/services/${id}/outcome`, { body: { outcome: 'rejected' } });
  assert.equal(undo.status, 409, undo.text);
  assert.equal(sql(`SELECT COUNT(*) FROM employments WHERE person_id = ${personId}`), '1');
});

test('outcomes and pushes by someone outside the referral are refused', async () => {
  const pushed = await admin.request('POST', `/api/v1/persons/${outsiderId}/referrals`, { body: { posting_id: postingId } });
  assert.equal(pushed.status, 201, pushed.text);
  const id = pushed.json.id;
  // Another community's worker: the person and the referral do not exist for them.
  assert.equal((await she.request('POST', `/api/v1/persons/${outsiderId}/referrals`, { body: { posting_id: postingId } })).status, 404);
  assert.equal((await she.request('PUT', `/api/v1/services/${id}/outcome`, { body: { outcome: 'interviewed' } })).status, 404);
  // Another job seeker and another employer neither.
  assert.equal((await seeker.request('PUT', `/api/v1/services/${id}/outcome`, { body: { outcome: 'declined' } })).status, 404);
  assert.equal((await otherOrg.request('PUT', `/api/v1/services/${id}/outcome`, { body: { outcome: 'hired' } })).status, 404);
  // The employer records only employer outcomes.
  assert.equal((await qiye.request('PUT', `/api/v1/services/${id}/outcome`, { body: { outcome: 'declined' } })).status, 403);
  const services = await admin.request('GET', `/api/v1/persons/${outsiderId}/services`);
  assert.equal(services.json.items[0].outcome, 'pending');
  // Staff push and the worker's own referral list are staff-only / own-only.
  assert.equal((await seeker.request('POST', `/api/v1/persons/${personId}/referrals`, { body: { posting_id: postingId } })).status, 403);
  assert.equal((await she.request('GET', '/api/v1/me/referrals')).status, 403);
});
