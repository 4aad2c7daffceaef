// Issue 6 §4–5 over HTTP: the signed-in worker's worklist (工作台), a person's compliance with
// the service standard that applies, compliance by town and community for leaders, and the
// zero-employment households. Recording services through the case-work API turns the
// person's requirements complete and removes the worklist item; scope and roles hold.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, Client, idNumber, importEmployer } from './server.mjs';

let server, admin, town, she, leader, otherTown;
let personId, otherId, sheId, community, today;
before(async () => {
  server = await Server.start();
  [admin, town, she, leader, otherTown] = [0, 1, 2, 3, 4].map(() => new Client(server.url));
  assert.equal((await admin.signIn('qu_admin')).status, 200);
  assert.equal((await town.signIn('zhen_staff')).status, 200);
  const me = await she.signIn('she_staff');
  assert.equal(me.status, 200);
  assert.equal((await leader.signIn('lingdao')).status, 200);
  community = me.json.user.scope.padEnd(12, '0');
  sheId = me.json.user.id;
  server.cli(['user', 'add', 'town2_staff', '--role', 'town_staff', '--name', '二镇工作人员', '--scope',
    '500153002', '--password-stdin'], 'town-two-password\n');
  assert.equal((await otherTown.signIn('town2_staff', 'town-two-password')).status, 200);
  // A dibao recipient of working age: covered by the 荣昌“一生一困” standard.
  const person = {
    id_number: idNumber('50015320010101124'), name: '王秀英', hukou_region: community,
    residence_region: community, education: '大专', household_key: 'WL-H1',
    categories: [{ category: 'dibao', valid_from: '2024-01-01', source: '民政低保名单' }],
  };
  const created = await admin.request('POST', '/api/v1/persons', { body: person });
  assert.equal(created.status, 201, created.text);
  personId = created.json.id;
  const other = await admin.request('POST', '/api/v1/persons', { body: {
    ...person, household_key: '', id_number: idNumber('50015319800101125'), name: '钱进', hukou_region: '500153002001',
    residence_region: '500153002001' } });
  assert.equal(other.status, 201, other.text);
  otherId = other.json.id;
  today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);  // China Standard Time.
  const res = await importEmployer(server, admin);
  assert.equal(res.status, 200);
});
after(async () => { await server?.stop(); });

const missingItems = (w, id) =>
  w.sections.find((s) => s.kind === 'missing_service').items.filter((i) => i.person_id === id);
const requirement = (c, id) => c.requirements.find((r) => r.id === id);

test('a new person in scope is on the worker\'s list with the services the standard requires', async () => {
  const w = await she.request('GET', '/api/v1/worklist');
  assert.equal(w.status, 200, w.text);
  assert.equal(w.json.standards_loaded, true);
  assert.equal(w.json.rollups, null, 'community staff get no roll-ups');
  assert.deepEqual(w.json.sections.map((s) => s.kind), ['step_overdue', 'step_due_this_week', 'missing_service',
    'referral_no_outcome', 'not_contacted', 'registration_due']);
  const [item] = missingItems(w.json, personId);
  assert.ok(item, JSON.stringify(w.json.sections[2]));
  assert.equal(item.person_name, '王秀英');
  assert.equal(item.region, community);
  assert.match(item.due, /^\d{4}-\d{2}-\d{2}$/);
  assert.ok(!w.json.sections.some((s) => s.items.some((i) => i.person_id === otherId)), 'another town is not listed');

  const c = await she.request('GET', `/api/v1/persons/${personId}/compliance`);
  assert.equal(c.status, 200, c.text);
  assert.equal(c.json.standard.id, 'cq-rongchang-2022');
  assert.equal(c.json.status, 'on_track');
  const brief = requirement(c.json, 'RC-S-BRIEF');
  assert.deepEqual([brief.done, brief.required, brief.missing, brief.completed_on], [0, 1, 1, null]);
  assert.deepEqual(brief.services.map((s) => s.id), ['policy_briefing']);
  assert.equal(requirement(c.json, 'RC-S-TRAIN').applies, false, 'no training need recorded');
});

test('recording the services turns each requirement complete and the item leaves the list', async () => {
  const path = `/api/v1/persons/${personId}/services`;
  const brief = await she.request('POST', path, { body: { kind: 'policy_briefing', channel: 'visit' } });
  assert.equal(brief.status, 201, brief.text);
  let c = (await she.request('GET', `/api/v1/persons/${personId}/compliance`)).json;
  const done = requirement(c, 'RC-S-BRIEF');
  assert.deepEqual([done.done, done.missing, done.completed_on], [1, 0, today]);
  assert.equal(c.status, 'on_track', 'guidance and referrals still missing');
  assert.equal(missingItems((await she.request('GET', '/api/v1/worklist')).json, personId).length, 1);

  assert.equal((await she.request('POST', path, { body: { kind: 'career_guidance', channel: 'visit' } })).status, 201);
  for (const title of ['包装工', '质检员', '仓管员']) {
    const r = await she.request('POST', path, { body: {
      kind: 'job_referral', channel: 'visit', referral_employer_id: 1, referral_job_title: title } });
    assert.equal(r.status, 201, r.text);
  }
  c = (await she.request('GET', `/api/v1/persons/${personId}/compliance`)).json;
  assert.equal(c.status, 'complete', JSON.stringify(c.requirements));
  assert.equal(requirement(c, 'RC-S-REFER').done, 3);
  assert.deepEqual(missingItems((await she.request('GET', '/api/v1/worklist')).json, personId), []);
});

test('scope: another town\'s staff neither lists nor reads the person', async () => {
  const w = await otherTown.request('GET', '/api/v1/worklist');
  assert.equal(w.status, 200, w.text);
  assert.ok(!w.json.sections.some((s) => s.items.some((i) => i.person_id === personId)));
  assert.ok(!w.json.rollups.by_community.some((r) => r.code === community));
  assert.equal((await otherTown.request('GET', `/api/v1/persons/${personId}/compliance`)).status, 404);
  assert.equal((await she.request('GET', `/api/v1/persons/${otherId}/compliance`)).status, 404);
  const outside = await otherTown.request('GET', '/api/v1/compliance?region=500153001000');
  assert.equal(outside.status, 404);
  assert.equal(outside.json.error.field, 'region');
  const bad = await leader.request('GET', '/api/v1/compliance?region=5001');
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.field, 'region');
  assert.equal((await she.request('GET', '/api/v1/compliance')).status, 403, 'community staff have no 达标情况');
});

test('leaders see compliance by town and community and the worklist rolled up', async () => {
  const r = await leader.request('GET', '/api/v1/compliance');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.region, '500153000000');
  const t1 = r.json.by_town.find((t) => t.code === '500153001000');
  const t2 = r.json.by_town.find((t) => t.code === '500153002000');
  assert.ok(t1 && t2, JSON.stringify(r.json.by_town));
  assert.ok(t1.counts.complete >= 1, JSON.stringify(t1));
  assert.ok(t2.counts.on_track >= 1, JSON.stringify(t2));
  assert.ok(t1.name, 'towns are named');
  const c = r.json.by_community.find((x) => x.code === community);
  assert.ok(c.counts.covered >= 1 && c.counts.complete >= 1, JSON.stringify(c));
  const rc = r.json.standards.find((s) => s.id === 'cq-rongchang-2022');
  assert.ok(rc.counts.covered >= 2, JSON.stringify(rc));
  const town2 = await leader.request('GET', '/api/v1/compliance?region=500153002000');
  assert.equal(town2.status, 200);
  assert.deepEqual(town2.json.by_town.map((t) => t.code), ['500153002000']);

  const w = await leader.request('GET', '/api/v1/worklist');
  assert.equal(w.status, 200);
  const row = w.json.rollups.by_community.find((x) => x.code === '500153002001');
  assert.ok(row && row.counts.missing_service >= 1 && row.people >= 1, JSON.stringify(w.json.rollups));
  assert.ok(w.json.rollups.by_staff.length >= 1);
});

test('zero-employment households are listed in scope with days since and next action', async () => {
  const z = await she.request('GET', '/api/v1/zero-employment-households');
  assert.equal(z.status, 200, z.text);
  const h = z.json.items.find((x) => x.members.some((m) => m.person_id === personId));
  assert.ok(h, JSON.stringify(z.json.items));
  assert.equal(h.zero_since, today);
  assert.equal(h.days, 0);
  assert.equal(h.region_code, community);
  assert.deepEqual(h.members.map((m) => [m.name, m.employed, m.able_to_work, m.open_plan]), [['王秀英', false, true, false]]);
  assert.deepEqual([h.action, h.action_label], ['make_plan', '为有劳动能力的成员制定援助计划']);
  for (const x of z.json.items) assert.ok(x.region_code.startsWith(community.slice(0, 12)), x.region_code);
  const far = await otherTown.request('GET', '/api/v1/zero-employment-households');
  assert.ok(!far.json.items.some((x) => x.household_id === h.household_id));
  const seeker = new Client(server.url);
  assert.equal((await seeker.request('GET', '/api/v1/worklist')).status, 401);
});
