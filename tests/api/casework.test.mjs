// Issue 6 (case work) over HTTP: service records with their validations, the assistance plan
// with revisions, closing with follow-ups at 1, 3 and 6 months, responsible staff by rule and
// by hand, scope (another community's person is 404) and roles (leaders read only), audit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, Client, idNumber, importEmployer } from './server.mjs';

let server, admin, town, she, leader;
let personId, otherId, sheId, townId, leaderId, today;
before(async () => {
  server = await Server.start();
  [admin, town, she, leader] = [0, 1, 2, 3].map(() => new Client(server.url));
  assert.equal((await admin.signIn('qu_admin')).status, 200);
  assert.equal((await town.signIn('zhen_staff')).status, 200);
  const me = await she.signIn('she_staff');
  assert.equal(me.status, 200);
  const lead = await leader.signIn('lingdao');
  assert.equal(lead.status, 200);
  leaderId = lead.json.user.id;
  const community = me.json.user.scope;
  sheId = me.json.user.id;
  townId = (await town.request('GET', '/api/v1/me')).json.user.id;
  const person = {
    id_number: idNumber('50015320010101124'), name: '李春燕', hukou_region: community.padEnd(12, '0'),
    residence_region: community.padEnd(12, '0'), education: '大专',
    categories: [{ category: 'dibao', valid_from: '2024-01-01', source: '民政低保名单' }],
  };
  const created = await admin.request('POST', '/api/v1/persons', { body: person });
  assert.equal(created.status, 201, created.text);
  personId = created.json.id;
  // A person of another town: outside the community worker's scope.
  const other = await admin.request('POST', '/api/v1/persons', { body: {
    ...person, id_number: idNumber('50015319800101125'), name: '赵强', hukou_region: '500153002001',
    residence_region: '500153002001' } });
  assert.equal(other.status, 201, other.text);
  otherId = other.json.id;
  today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);  // China Standard Time.
  const res = await importEmployer(server, admin);
  assert.equal(res.status, 200);
});
after(async () => { await server?.stop(); });

function shift(date, days) {
  const d = new Date(date + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

test('bad service input names the field and stores nothing', async () => {
  const path = `/api/v1/persons/${personId}/services`;
  const cases = [
    [{ kind: 'policy_briefing', channel: 'phone', service_date: shift(today, 1) }, 'service_date'],
    [{ kind: 'policy_briefing', channel: 'phone', service_date: shift(today, -400) }, 'service_date'],
    [{ kind: 'massage', channel: 'phone' }, 'kind'],
    [{ kind: 'policy_briefing', channel: 'fax' }, 'channel'],
    [{ kind: 'policy_briefing', channel: 'phone', outcome: 'hired' }, 'outcome'],
    [{ kind: 'job_referral', channel: 'visit', referral_employer_id: 99999, referral_job_title: '包装工' }, 'referral_employer_id'],
    [{ kind: 'job_referral', channel: 'visit', referral_employer_id: 1 }, 'referral_job_title'],
    [{ kind: 'job_referral', channel: 'visit', referral_job_title: '分拣员' }, 'referral_employer_name'],
    [{ kind: 'job_referral', channel: 'visit', referral_employer_name: '   ', referral_job_title: '分拣员' }, 'referral_employer_name'],
    [{ kind: 'job_referral', channel: 'visit', referral_employer_name: '重庆某物流公司', referral_job_title: '分拣员',
      referral_contact: '王'.repeat(101) }, 'referral_contact'],
    [{ kind: 'policy_briefing', channel: 'phone', referral_employer_id: 'x' }, 'referral_employer_id'],
  ];
  for (const [body, field] of cases) {
    const r = await she.request('POST', path, { body });
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.json.error.field, field, JSON.stringify(r.json));
  }
  assert.deepEqual((await she.request('GET', path)).json.items, []);
  assert.equal((await she.request('GET', `/api/v1/persons/${otherId}/services`)).status, 404);
  const denied = await leader.request('POST', path, { body: { kind: 'policy_briefing', channel: 'phone' } });
  assert.equal(denied.status, 403);
});

test('a referral, its outcome, and a briefing today are recorded and audited', async () => {
  const path = `/api/v1/persons/${personId}/services`;
  const referral = await she.request('POST', path, { body: {
    kind: 'job_referral', channel: 'visit', referral_employer_id: 1, referral_job_title: '包装工', notes: '已约面试' } });
  assert.equal(referral.status, 201, referral.text);
  assert.equal(referral.json.outcome, 'pending');
  assert.equal(referral.json.service_date, today);
  assert.equal(referral.json.staff_user_id, sheId);
  const hired = await she.request('PUT', `/api/v1/services/${referral.json.id}/outcome`, { body: { outcome: 'hired' } });
  assert.equal(hired.status, 200, hired.text);
  assert.equal((await she.request('PUT', `/api/v1/services/${referral.json.id}/outcome`, { body: { outcome: 'job_holds' } })).status, 400);
  const briefing = await she.request('POST', path, { body: { kind: '政策宣介', channel: '电话', notes: '讲解求职补贴' } });
  assert.equal(briefing.status, 201, briefing.text);
  assert.equal(briefing.json.kind, 'policy_briefing');
  // A job outside the platform at an employer the platform does not know: by the name typed.
  const outside = await she.request('POST', path, { body: {
    kind: 'job_referral', channel: 'phone', referral_employer_name: ' 重庆某物流公司（外地） ', referral_job_title: '分拣员',
    referral_contact: '王经理 023-46781234' } });
  assert.equal(outside.status, 201, outside.text);
  assert.equal(outside.json.referral_employer_id, null);
  assert.equal(outside.json.referral_employer_name, '重庆某物流公司（外地）');
  assert.equal(outside.json.referral_contact, '王经理 023-46781234');
  const list = await leader.request('GET', path);
  assert.equal(list.status, 200);
  assert.equal(list.json.items.length, 3);
  const registered = list.json.items.find((i) => i.referral_job_title === '包装工');
  assert.equal(registered.outcome, 'hired');
  assert.ok(registered.referral_employer_name.length > 0, 'the registered employer is named, not numbered');
  assert.equal(list.json.items.find((i) => i.referral_job_title === '分拣员').referral_employer_name, '重庆某物流公司（外地）');
  const log = await admin.request('GET', `/api/v1/audit?object_type=person&object_id=${personId}&limit=100`);
  const actions = log.json.items.map((e) => e.action);
  assert.equal(actions.filter((a) => a === 'case.service.create').length, 3);
  assert.ok(actions.includes('case.service.outcome'));
});

test('the plan: validation, revisions, closing with follow-ups, reassignment', async () => {
  const path = `/api/v1/persons/${personId}/plan`;
  const empty = await she.request('GET', path);
  assert.equal(empty.status, 200, empty.text);
  assert.equal(empty.json.plan, null);
  assert.ok(empty.json.staff.some((s) => s.id === sheId));
  const plan = {
    causes: ['age', 'family_care'], cause_notes: '需照顾老人', goals: '就近实现灵活就业',
    steps: [
      { title: '职业指导一次', service_kind: 'career_guidance', owner_user_id: sheId, due_date: shift(today, 7) },
      { title: '推荐三个就近岗位', service_kind: 'job_referral', owner_user_id: townId, due_date: shift(today, 14) },
    ],
  };
  // A leader cannot own a step (read-only role).
  const badOwner = await she.request('PUT', path, { body: { ...plan, steps: [{ ...plan.steps[0], owner_user_id: leaderId }] } });
  assert.equal(badOwner.status, 400, badOwner.text);
  assert.equal(badOwner.json.error.field, 'steps[0].owner_user_id');
  const noDue = await she.request('PUT', path, { body: { ...plan, steps: [{ ...plan.steps[0], due_date: '' }] } });
  assert.equal(noDue.json.error.field, 'steps[0].due_date');
  assert.equal((await she.request('PUT', path, { body: { ...plan, causes: [] } })).json.error.field, 'causes');
  assert.equal((await she.request('GET', path)).json.plan, null);

  const v1 = await she.request('PUT', path, { body: plan });
  assert.equal(v1.status, 200, v1.text);
  assert.equal(v1.json.revision, 1);
  const steps = v1.json.steps.map((s) => ({ ...s }));
  steps[0].status = 'done';
  const v2 = await she.request('PUT', path, { body: { ...plan, steps, reason: '已完成职业指导' } });
  assert.equal(v2.status, 200, v2.text);
  assert.equal(v2.json.revision, 2);
  assert.equal(v2.json.steps[0].done_on, today);

  const assign = await town.request('PUT', `/api/v1/persons/${personId}/assignment`, { body: { staff_user_id: townId } });
  assert.equal(assign.status, 200, assign.text);
  const close = await she.request('POST', `${path}/close`, { body: { outcome: 'public_welfare', job_start: today, note: '社区保洁岗' } });
  assert.equal(close.status, 200, close.text);
  assert.equal(close.json.status, 'closed');
  const followUps = close.json.steps.filter((s) => s.service_kind === 'follow_up');
  assert.equal(followUps.length, 3);
  assert.ok(followUps.every((s) => s.owner_user_id === townId && s.status === 'open'));
  assert.equal((await she.request('POST', `${path}/close`, { body: { outcome: 'other' } })).status, 409);  // No open plan.

  const call = await she.request('POST', `/api/v1/persons/${personId}/services`, { body: {
    kind: 'follow_up', channel: 'phone', outcome: 'job_holds' } });
  assert.equal(call.status, 201, call.text);
  const view = await leader.request('GET', path);
  assert.equal(view.status, 200);
  assert.equal(view.json.plan.steps.filter((s) => s.service_kind === 'follow_up' && s.status === 'done').length, 1);
  assert.deepEqual(view.json.revisions.map((r) => r.revision), [4, 3, 2, 1]);
  assert.equal(view.json.revisions[3].snapshot.goals, '就近实现灵活就业');
  assert.equal(view.json.assignment.staff_user_id, townId);
});

test('assignment rules: town staff set them, the longest prefix assigns', async () => {
  const me = (await she.request('GET', '/api/v1/me')).json.user;
  assert.ok(me.permissions.includes('cases.write'));
  assert.ok(!me.permissions.includes('cases.rules'));
  assert.equal((await she.request('PUT', '/api/v1/assignment-rules', { body: { region_code: me.scope, staff_user_id: sheId } })).status, 403);
  const set = await town.request('PUT', '/api/v1/assignment-rules', { body: { region_code: me.scope, staff_user_id: sheId } });
  assert.equal(set.status, 200, set.text);
  assert.equal(typeof set.json.assigned, 'number');
  const outside = await town.request('PUT', '/api/v1/assignment-rules', { body: { region_code: '500153002', staff_user_id: townId } });
  assert.equal(outside.status, 404);
  // The demo also assigns the whole town to zhen_staff; the community rule is longer.
  const rules = await town.request('GET', '/api/v1/assignment-rules');
  assert.deepEqual(rules.json.items.map((r) => [r.region_code, r.staff_user_id]), [[me.scope.slice(0, 9), townId], [me.scope, sheId]]);
  // A new person of that community is assigned by the longest rule when created (the body's
  // responsible_user_id is not taken); the explicit action leaves that assignment as it is,
  // and the ledger's filter agrees.
  const created = await admin.request('POST', '/api/v1/persons', { body: {
    id_number: idNumber('50015319750505126'), name: '钱建国', hukou_region: me.scope.padEnd(12, '0'),
    residence_region: me.scope.padEnd(12, '0'), education: '初中及以下', responsible_user_id: townId } });
  assert.equal(created.status, 201, created.text);
  assert.equal(created.json.responsible_user_id, sheId, 'assigned by the community rule, not by the body');
  const view = await she.request('GET', `/api/v1/persons/${created.json.id}/plan`);
  assert.equal(view.status, 200);
  assert.equal(view.json.assignment.staff_user_id, sheId);
  assert.equal(view.json.assignment.rule, me.scope);
  assert.equal((await leader.request('PUT', `/api/v1/persons/${created.json.id}/assignment`, { body: { by_rule: true } })).status, 403);
  const bad = await she.request('PUT', `/api/v1/persons/${created.json.id}/assignment`, { body: { by_rule: true, staff_user_id: townId } });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.field, 'staff_user_id');
  const byRule = await she.request('PUT', `/api/v1/persons/${created.json.id}/assignment`, { body: { by_rule: true } });
  assert.equal(byRule.status, 200, byRule.text);
  assert.equal(byRule.json.staff_user_id, sheId);
  assert.equal(byRule.json.rule, me.scope);
  const listed = await she.request('GET', `/api/v1/persons?responsible_user_id=${sheId}&name=${encodeURIComponent('钱建国')}`);
  assert.equal(listed.status, 200, listed.text);
  assert.ok(listed.json.items.some((p) => p.id === created.json.id), 'the ledger filter reads the same truth');
  const moved = await town.request('PUT', `/api/v1/persons/${created.json.id}/assignment`, { body: { staff_user_id: townId } });
  assert.equal(moved.status, 200, moved.text);
  assert.equal((await she.request('GET', `/api/v1/persons/${created.json.id}`)).json.responsible_user_id, townId);
  const removed = await town.request('PUT', '/api/v1/assignment-rules', { body: { region_code: me.scope, staff_user_id: null } });
  assert.equal(removed.status, 200);
  assert.deepEqual((await town.request('GET', '/api/v1/assignment-rules')).json.items.map((r) => r.region_code), [me.scope.slice(0, 9)]);
});

test('needs: recorded with validation, shown on the 帮扶 card, audited; leaders read only', async () => {
  const path = `/api/v1/persons/${personId}/needs`;
  const bad = [
    [{ training_need: true, channel: 'fax' }, 'channel'],
    [{ training_need: true, channel: 'visit', recorded_on: shift(today, 1) }, 'recorded_on'],
    [{ training_need: true, channel: 'visit', recorded_on: shift(today, -400) }, 'recorded_on'],
    [{ training_need: false, training_wish: '电工', channel: 'visit' }, 'training_wish'],
    [{ training_need: 'yes', channel: 'visit' }, 'training_need'],
  ];
  for (const [body, field] of bad) {
    const r = await she.request('PUT', path, { body });
    assert.equal(r.status, 400, `${JSON.stringify(body)}: ${r.text}`);
    assert.equal(r.json.error.field, field);
  }
  assert.equal((await leader.request('PUT', path, { body: { training_need: true, channel: 'visit' } })).status, 403);
  assert.equal((await she.request('PUT', `/api/v1/persons/${otherId}/needs`, { body: { training_need: true, channel: 'visit' } })).status, 404);
  assert.equal((await leader.request('GET', `/api/v1/persons/${personId}/plan`)).json.needs, null, 'nothing stored by bad input');

  const ok = await she.request('PUT', path, { body: { training_need: true, training_wish: '电商直播', startup_intention: true, channel: 'phone' } });
  assert.equal(ok.status, 200, ok.text);
  assert.deepEqual([ok.json.training_need, ok.json.training_wish, ok.json.startup_intention, ok.json.channel, ok.json.recorded_on],
    [true, '电商直播', true, 'phone', today]);
  const view = await leader.request('GET', `/api/v1/persons/${personId}/plan`);
  assert.equal(view.json.needs.training_wish, '电商直播');
  assert.equal(view.json.needs.recorded_by, sheId);
  const audit = await admin.request('GET', '/api/v1/audit?action=case.needs.set');
  assert.equal(audit.status, 200, audit.text);
  assert.ok(audit.json.items.some((a) => a.object_id === String(personId)));
});
