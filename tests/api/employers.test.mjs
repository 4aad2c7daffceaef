// Issue 5, employers and the server's own work: staff register and edit an employer (credit
// code checked, size class, contacts), record and lift warnings that show wherever the employer
// appears and weigh in matching; people written by a command-line import while the server runs
// become matchable without a restart; a posting past its validity closes by itself.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Server, Client, idNumber, creditCode } from './server.mjs';

let server;
let admin;
let community;
let qiye;
let employerId;
let postingId;
const village = '500153001001';

// Polls `fn` until it returns a truthy value (housekeeping runs every second here).
async function eventually(fn, seconds = 15) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const v = await fn();
    if (v || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
}

before(async () => {
  server = await Server.start({ args: ['--housekeeping-seconds', '1'] });
  admin = new Client(server.url);
  community = new Client(server.url);
  qiye = new Client(server.url);
  assert.equal((await admin.signIn('qu_admin')).status, 200);
  assert.equal((await community.signIn('she_staff')).status, 200);
  assert.equal((await qiye.signIn('qiye')).status, 200);
});
after(async () => { await server?.stop(); });

test('staff register an employer; bad fields are named, the credit code is unique and fixed', async () => {
  const code = creditCode('91500153MA0000777');
  const body = { credit_code: code, name: '荣昌测试物流有限公司', size_class: '小型', kind: 'enterprise', industry: '道路货物运输',
    region_code: village, address: '昌州街道测试路 8 号', contact_name: '王经理', contact_phone: '023-4621 0000' };
  const wrong = await admin.request('POST', '/api/v1/employers', { body: { ...body, credit_code: code.slice(0, 17) + (code[17] === '0' ? '1' : '0') } });
  assert.equal(wrong.status, 400);
  assert.equal(wrong.json.error.field, 'credit_code');
  const size = await admin.request('POST', '/api/v1/employers', { body: { ...body, size_class: '巨型' } });
  assert.equal(size.json.error.field, 'size_class');
  const region = await admin.request('POST', '/api/v1/employers', { body: { ...body, region_code: '5001530' } });
  assert.equal(region.json.error.field, 'region_code');
  const phone = await admin.request('POST', '/api/v1/employers', { body: { ...body, contact_phone: '打电话' } });
  assert.equal(phone.json.error.field, 'contact_phone');
  assert.equal((await community.request('POST', '/api/v1/employers', { body })).status, 403);
  assert.equal((await qiye.request('POST', '/api/v1/employers', { body })).status, 403);

  const r = await admin.request('POST', '/api/v1/employers', { body });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.size_class, 'small');
  assert.equal(r.json.size_class_label, '小型');
  assert.ok(r.json.region_name);
  employerId = r.json.id;
  const again = await admin.request('POST', '/api/v1/employers', { body });
  assert.equal(again.status, 409);
  assert.equal(again.json.error.field, 'credit_code');

  const edited = await admin.request('PUT', `/api/v1/employers/${employerId}`, { body: { ...body, size_class: 'medium', contact_name: '李经理' } });
  assert.equal(edited.status, 200, edited.text);
  assert.equal(edited.json.size_class_label, '中型');
  assert.equal(edited.json.contact_name, '李经理');
  const recode = await admin.request('PUT', `/api/v1/employers/${employerId}`, { body: { ...body, credit_code: creditCode('91500153MA0000778') } });
  assert.equal(recode.status, 400);
  assert.equal(recode.json.error.field, 'credit_code');

  const got = await community.request('GET', `/api/v1/employers/${employerId}`);
  assert.equal(got.status, 200);
  assert.equal(got.json.industry, '道路货物运输');
  assert.equal((await qiye.request('GET', `/api/v1/employers/${employerId}`)).status, 404);
  const own = (await qiye.request('GET', '/api/v1/me')).json.user.org_id;
  assert.equal((await qiye.request('GET', `/api/v1/employers/${own}`)).status, 200);
  const found = await admin.request('GET', `/api/v1/employers?q=${encodeURIComponent('测试物流')}`);
  assert.deepEqual(found.json.items.map((e) => e.id), [employerId]);
  const audit = await admin.request('GET', '/api/v1/audit?action=employer.update');
  assert.ok(audit.json.items.some((e) => e.object_id === String(employerId)), audit.text);
});

test('a warning shows on the employer, its postings and the recommendation reasons, and can be lifted', async () => {
  const p = await admin.request('POST', '/api/v1/postings', {
    body: { employer_id: employerId, title: '仓库管理员', openings: 2, salary_min: 4000, salary_max: 5500, valid_until: '2099-12-31' },
  });
  assert.equal(p.status, 201, p.text);
  postingId = p.json.id;
  assert.equal((await admin.request('POST', `/api/v1/postings/${postingId}/review`, { body: { decision: 'publish' } })).status, 200);
  const person = await admin.request('POST', '/api/v1/persons', {
    body: { id_number: idNumber('50015319980606222'), name: '钱仓', residence_region: village, hukou_region: village,
      education: 'high_school', desired_occupation: '仓库管理员', expected_salary_min: 4000 },
  });
  assert.equal(person.status, 201, person.text);
  const recommended = async () => (await admin.request('GET', `/api/v1/persons/${person.json.id}/recommendations`)).json.items
    .find((m) => m.posting.id === postingId);
  const clean = await recommended();
  assert.ok(clean);

  const w = await admin.request('POST', `/api/v1/employers/${employerId}/warnings`, {
    body: { kind: 'wage_arrears', evidence: '劳动保障监察指令书 2026-17', from: '2026-01-01' },
  });
  assert.equal(w.status, 201, w.text);
  const employer = await admin.request('GET', `/api/v1/employers/${employerId}`);
  assert.equal(employer.json.warnings[0].kind_label, '拖欠工资');
  const list = await admin.request('GET', `/api/v1/employers?q=${encodeURIComponent('测试物流')}`);
  assert.equal(list.json.items[0].warnings.length, 1);
  const postings = await admin.request('GET', `/api/v1/postings?employer_id=${employerId}`);
  assert.equal(postings.json.items[0].employer_warnings[0].kind, 'wage_arrears');
  const warned = await recommended();
  assert.ok(warned.score < clean.score);
  assert.ok(warned.reasons.some((r) => r.contribution < 0 && r.text.includes('欠薪')), JSON.stringify(warned.reasons));

  // Lifted: the last day it applies is before today.
  const lifted = await admin.request('PUT', `/api/v1/warnings/${w.json.id}`, {
    body: { kind: 'wage_arrears', evidence: '劳动保障监察指令书 2026-17', from: '2026-01-01', to: '2026-01-31' },
  });
  assert.equal(lifted.status, 200, lifted.text);
  assert.equal(lifted.json.active, false);
  assert.equal((await admin.request('GET', `/api/v1/employers/${employerId}`)).json.warnings.length, 0);
  assert.equal((await admin.request('GET', `/api/v1/employers/${employerId}/warnings`)).json.items.length, 1);
  assert.equal((await recommended()).score, clean.score);
});

test('people imported from the command line while the server runs become matchable without a restart', async () => {
  const dir = server.data;
  const file = join(dir, 'cli-import.csv');
  writeFileSync(file, `姓名,身份证号,居住地区划代码,学历,求职意向,期望月薪\n孙库,${idNumber('50015320000707333')},${village},高中,仓库管理员,4000\n`);
  try {
    server.cli(['import', 'persons', file]);
  } finally {
    rmSync(file, { force: true });
  }
  const found = await admin.request('GET', `/api/v1/persons?name=${encodeURIComponent('孙库')}`);
  assert.equal(found.json.total, 1, found.text);
  const id = found.json.items[0].id;
  const match = await eventually(async () => (await admin.request('GET', `/api/v1/persons/${id}/recommendations`)).json.items
    .find((m) => m.posting.id === postingId));
  assert.ok(match, 'picked up by the housekeeping catch-up');
  const cands = await admin.request('GET', `/api/v1/postings/${postingId}/candidates?k=50`);
  assert.ok(cands.json.items.some((c) => c.person_id === id));
});

test('a posting past its validity is closed by the server itself and leaves matching', async () => {
  // Time passing, as the store sees it: the posting's last valid day is now in the past.
  server.ownsData = false;  // Keep the data directory for the restart.
  await server.stop();
  execFileSync('sqlite3', [join(server.data, 'bangfu.db'), `UPDATE job_postings SET valid_until = '2020-01-31' WHERE id = ${postingId}`]);
  const restarted = await Server.start({ dataDir: server.data, args: ['--housekeeping-seconds', '1'] });
  restarted.ownsData = true;
  server = restarted;
  admin = new Client(server.url);
  assert.equal((await admin.signIn('qu_admin')).status, 200);
  const closed = await eventually(async () => {
    const p = (await admin.request('GET', `/api/v1/postings/${postingId}`)).json;
    return p.status === 'closed' ? p : null;
  });
  assert.ok(closed, 'expired without anyone asking');
  assert.equal(closed.close_reason, 'expired');
  assert.equal((await admin.request('GET', `/api/v1/postings/${postingId}/candidates`)).json.items.length, 0);
  const audit = await admin.request('GET', '/api/v1/audit?action=posting.expire');
  assert.ok(audit.json.items.some((e) => e.object_id === String(postingId) && e.username === 'system'), audit.text);
});
