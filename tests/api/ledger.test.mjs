// Issue 3: the real-name ledger over HTTP — create, validate, scope, masking and audited
// reveal, status history, contacts and the zero-employment household flag.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, Client, idNumber } from './server.mjs';


let server;
let admin;
let town;
let she;
before(async () => {
  server = await Server.start();
  admin = new Client(server.url);
  town = new Client(server.url);
  she = new Client(server.url);
  assert.equal((await admin.signIn('qu_admin')).status, 200);
  assert.equal((await town.signIn('zhen_staff')).status, 200);
  assert.equal((await she.signIn('she_staff')).status, 200);
});
after(async () => { await server?.stop(); });

const graduate = {
  id_number: idNumber('50015320020315122'),
  name: '王小雨',
  mobile: '+86 138-2345-6789',
  hukou_region: '500153001001',
  residence_region: '500153001001',
  education: '本科',
  school: '重庆文理学院',
  major: '软件工程',
  graduation_date: '2026-06-30',
  categories: [{ category: 'graduate', valid_from: '2026-06-30', source: '区教委移交名单' }],
  desired_occupation: '软件开发',
  household_key: 'H-001',
};

test('creating a person validates, encrypts and masks', async () => {
  const bad = await admin.request('POST', '/api/v1/persons', { body: { ...graduate, id_number: '500153200203151230' } });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.field, 'id_number');
  assert.match(bad.json.error.message, /校验位/);
  const badName = await admin.request('POST', '/api/v1/persons', { body: { ...graduate, name: '王2' } });
  assert.equal(badName.json.error.field, 'name');
  const badRegion = await admin.request('POST', '/api/v1/persons', { body: { ...graduate, residence_region: '500154001001', hukou_region: '' } });
  assert.equal(badRegion.status, 400);
  assert.equal(badRegion.json.error.field, 'residence_region');

  const r = await admin.request('POST', '/api/v1/persons', { body: graduate });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.id_number, graduate.id_number.slice(0, 6) + '********' + graduate.id_number.slice(14));
  assert.equal(r.json.mobile, '138****6789');
  assert.equal(r.json.sex, 'female');
  assert.equal(r.json.birth_date, '2002-03-15');
  assert.equal(r.json.status, 'unemployed');
  assert.equal(r.json.education, 'bachelor');
  assert.equal(r.json.categories[0].label, '高校毕业生');
  assert.ok(!r.text.includes(graduate.id_number));
  const dup = await admin.request('POST', '/api/v1/persons', { body: graduate });
  assert.equal(dup.status, 409);
  assert.equal(dup.json.error.field, 'id_number');
});

test('lists filter, search exactly by ID or mobile and stay in scope', async () => {
  await admin.request('POST', '/api/v1/persons', { body: {
    ...graduate, id_number: idNumber('50015319800101003'), name: '李建国', mobile: '13900001111',
    residence_region: '500153100001', hukou_region: '500153100001', categories: [], education: '初中',
    graduation_date: null, household_key: '' } });
  const all = await admin.request('GET', '/api/v1/persons?size=50');
  assert.equal(all.status, 200);
  assert.equal(all.json.total, 2);
  const byId = await admin.request('GET', `/api/v1/persons?id_number=${graduate.id_number}`);
  assert.equal(byId.json.total, 1);
  assert.equal(byId.json.items[0].name, '王小雨');
  const byMobile = await admin.request('GET', '/api/v1/persons?mobile=13823456789');
  assert.equal(byMobile.json.total, 1);
  const grads = await admin.request('GET', '/api/v1/persons?category=graduate&graduation_year=2026');
  assert.equal(grads.json.total, 1);
  const byName = await admin.request('GET', `/api/v1/persons?name=${encodeURIComponent('李')}`);
  assert.equal(byName.json.items[0].name, '李建国');
  // zhen_staff's scope is 昌元街道 (500153001): 李建国 lives in 荣隆镇.
  const mine = await town.request('GET', '/api/v1/persons?size=50');
  assert.equal(mine.json.total, 1);
  const hidden = all.json.items.find((p) => p.name === '李建国');
  const r = await town.request('GET', `/api/v1/persons/${hidden.id}`);
  assert.equal(r.status, 404);
  const wider = await town.request('GET', '/api/v1/persons?region=500153');
  assert.equal(wider.json.total, 1);
});

test('unmasked identifiers are revealed only on request, and audited', async () => {
  const p = (await admin.request('GET', `/api/v1/persons?id_number=${graduate.id_number}`)).json.items[0];
  const r = await admin.request('POST', `/api/v1/persons/${p.id}/reveal`, { body: { field: 'id_number' } });
  assert.equal(r.status, 200);
  assert.equal(r.json.value, graduate.id_number);
  const log = await admin.request('GET', `/api/v1/audit?action=person.read_unmasked&object_id=${p.id}`);
  assert.equal(log.json.items.length, 1);
  assert.equal(log.json.items[0].username, 'qu_admin');
  const leader = new Client(server.url);
  await leader.signIn('lingdao');
  assert.equal((await leader.request('POST', `/api/v1/persons/${p.id}/reveal`, { body: { field: 'id_number' } })).status, 403);
  assert.equal((await leader.request('GET', `/api/v1/persons/${p.id}`)).status, 200);
  const seeker = new Client(server.url);
  await seeker.signIn('qiuzhi');
  assert.equal((await seeker.request('GET', '/api/v1/persons')).status, 403);
});

test('status changes keep history; households flip in and out of zero-employment', async () => {
  const p = (await admin.request('GET', `/api/v1/persons?id_number=${graduate.id_number}`)).json.items[0];
  let detail = (await admin.request('GET', `/api/v1/persons/${p.id}`)).json;
  assert.equal(detail.household.zero_employment, true);
  const zero = await admin.request('GET', '/api/v1/persons?zero_employment_household=true');
  assert.equal(zero.json.total, 1);

  const noReason = await she.request('POST', `/api/v1/persons/${p.id}/status`, { body: { status: 'employed_employer' } });
  assert.equal(noReason.json.error.field, 'reason');
  const future = await she.request('POST', `/api/v1/persons/${p.id}/contacts`, { body: {
    date: '2099-01-01', channel: 'phone', classification: 'employed' } });
  assert.equal(future.json.error.field, 'date');
  const c = await she.request('POST', `/api/v1/persons/${p.id}/contacts`, { body: {
    channel: 'phone', classification: 'employed', notes: '已在荣昌区某软件公司就业' } });
  assert.equal(c.status, 204, c.text);
  detail = (await admin.request('GET', `/api/v1/persons/${p.id}`)).json;
  assert.equal(detail.status, 'employed_employer');
  assert.equal(detail.household.zero_employment, false);
  assert.ok(detail.last_contact);

  const back = await she.request('POST', `/api/v1/persons/${p.id}/status`, { body: {
    status: 'unemployed', reason: '合同到期未续签', detail: '' } });
  assert.equal(back.status, 204, back.text);
  detail = (await admin.request('GET', `/api/v1/persons/${p.id}`)).json;
  assert.equal(detail.household.zero_employment, true);
  const t = (await admin.request('GET', `/api/v1/persons/${p.id}/timeline`)).json;
  const statuses = t.items.filter((e) => e.kind === 'status');  // Newest first.
  assert.deepEqual(statuses.map((s) => s.code), ['unemployed', 'employed_employer', 'unemployed']);
  const contacts = t.items.filter((e) => e.kind === 'contact');
  assert.equal(contacts.length, 1);
  assert.equal(contacts[0].title, '电话联系：已就业');
  assert.equal(statuses[0].by_name.includes('就业服务专员'), true);
  assert.equal(statuses[0].detail, '合同到期未续签');
});

test('updates need the version read and never change the ID number', async () => {
  const p = (await admin.request('GET', `/api/v1/persons?id_number=${graduate.id_number}`)).json.items[0];
  const ok = await admin.request('PUT', `/api/v1/persons/${p.id}`, { body: { ...graduate, status: p.status, major: '计算机科学与技术', version: p.version } });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.major, '计算机科学与技术');
  const stale = await admin.request('PUT', `/api/v1/persons/${p.id}`, { body: { ...graduate, status: p.status, version: p.version } });
  assert.equal(stale.status, 409);
  assert.equal(stale.json.error.field, 'version');
  const otherId = await admin.request('PUT', `/api/v1/persons/${p.id}`, { body: { ...graduate, id_number: idNumber('50015320020315126'), version: ok.json.version } });
  assert.equal(otherId.json.error.field, 'id_number');
});

test('exports are XLSX, masked by default, unmasked only for staff, and audited', async () => {
  const res = await fetch(`${server.url}/api/v1/persons/export?category=graduate`, {
    headers: { cookie: admin.cookie, 'x-forwarded-for': '198.51.100.77' },
  });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /spreadsheetml/);
  assert.match(res.headers.get('content-disposition'), /filename\*=UTF-8''/);
  assert.equal(res.headers.get('x-row-count'), '1');
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.equal(bytes.subarray(0, 2).toString(), 'PK');
  const leader = new Client(server.url);
  await leader.signIn('lingdao');
  assert.equal((await leader.request('GET', '/api/v1/persons/export?unmasked=true')).status, 403);
  assert.equal((await leader.request('GET', '/api/v1/persons/export')).status, 200);
  const log = await admin.request('GET', '/api/v1/audit?action=person.export');
  assert.ok(log.json.items.length >= 2);
  assert.match(log.json.items.at(-1).detail, /"rows":1/);
});

test('unemployment registration: due in 7 working days, listed for the town, completed into the category', async () => {
  const created = await admin.request('POST', '/api/v1/persons', { body: {
    id_number: idNumber('50015319900707002'), name: '孙丽', residence_region: '500153001002', education: '高中' } });
  assert.equal(created.status, 201, created.text);
  const id = created.json.id;
  const badOffice = await town.request('POST', `/api/v1/persons/${id}/registrations`, { body: { office_region: '500153' } });
  assert.equal(badOffice.status, 400);
  assert.equal(badOffice.json.error.field, 'office_region');
  const r = await town.request('POST', `/api/v1/persons/${id}/registrations`, { body: { office_region: '500153001', note: '窗口受理' } });
  assert.equal(r.status, 201, r.text);
  assert.ok(r.json.due_on > r.json.applied_on);
  // At least 9 calendar days for 7 working days (a weekend is always inside).
  const days = (Date.parse(r.json.due_on) - Date.parse(r.json.applied_on)) / 86400000;
  assert.ok(days >= 9, `due after ${days} days`);
  const again = await town.request('POST', `/api/v1/persons/${id}/registrations`, { body: { office_region: '500153001' } });
  assert.equal(again.status, 409);
  const open = await town.request('GET', '/api/v1/registrations');
  const item = open.json.items.find((x) => x.person_id === id);
  assert.ok(item);
  assert.equal(item.working_days_left, 7);
  assert.equal(item.overdue, false);
  assert.equal(item.person_name, '孙丽');
  const done = await town.request('POST', `/api/v1/registrations/${item.id}/complete`, { body: { approved: true } });
  assert.equal(done.status, 204, done.text);
  const p = (await admin.request('GET', `/api/v1/persons/${id}`)).json;
  assert.ok(p.categories.some((c) => c.category === 'registered_unemployed' && c.active));
  // The evidence names the office by its name, not its code.
  assert.equal(p.categories.find((c) => c.category === 'registered_unemployed').source, '失业登记（昌元街道）');
  const registered = await admin.request('GET', '/api/v1/persons?registered_unemployed=true');
  assert.ok(registered.json.items.some((x) => x.id === id));
  assert.equal((await town.request('POST', `/api/v1/registrations/${item.id}/complete`, { body: { approved: true } })).status, 409);
  const rejectWithoutReason = await admin.request('POST', `/api/v1/persons/${id}/registrations`, { body: { office_region: '500153100' } });
  assert.equal(rejectWithoutReason.status, 201);
  const no = await admin.request('POST', `/api/v1/registrations/${rejectWithoutReason.json.id}/complete`, { body: { approved: false } });
  assert.equal(no.json.error.field, 'note');
});
