// The records the subsidy rules read: POST /api/v1/imports/{kind} — employers by credit code,
// contributions naming people by ID number, dry run with line/column errors, idempotent re-import,
// unknown kinds and roles that may not import refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, Client, idNumber, creditCode } from './server.mjs';

let server;
let admin;
before(async () => {
  server = await Server.start();
  admin = new Client(server.url);
  assert.equal((await admin.signIn('qu_admin')).status, 200);
});
after(async () => { await server?.stop(); });

async function upload(client, path, body, query) {
  const res = await fetch(`${server.url}${path}?${query}`, {
    method: 'POST',
    headers: { cookie: client.cookie, 'x-csrf-token': client.csrf, 'content-type': 'text/csv' },
    body,
  });
  return { status: res.status, json: await res.json() };
}

const person = idNumber('50015320030101123');
const employer = creditCode('91500153MA0000001');

test('employers, then contributions naming people and employers, each idempotent', async () => {
  const people = await upload(admin, '/api/v1/persons/import',
    `姓名,身份证号,居住地区划代码,人员类别\n张三,${person},500153001001,低保\n`, 'dry_run=false');
  assert.equal(people.json.created, 1);

  const employers = `统一社会信用代码,单位名称,企业规模,单位类型\n${employer},荣昌示范食品有限公司,小型,企业\n`;
  const e = await upload(admin, '/api/v1/imports/employers', employers, 'dry_run=false&filename=单位.csv');
  assert.equal(e.status, 200);
  assert.equal(e.json.written, true);
  assert.equal(e.json.created, 1);

  const months = Array.from({ length: 12 }, (_, i) => `${person},${employer},2025-${String(i + 1).padStart(2, '0')},1234.56`);
  const good = ['身份证号,缴费单位统一社会信用代码,参保月份,缴费金额(元)', ...months].join('\n') + '\n';
  const bad = good + `${idNumber('50015319900101444')},${employer},2025-01,100\n${person},${employer},2025-13,1.234\n`;
  const dry = await upload(admin, '/api/v1/imports/contributions', bad, 'dry_run=true');
  assert.equal(dry.status, 200);
  assert.equal(dry.json.rows, 14);
  assert.equal(dry.json.written, false);
  assert.deepEqual(dry.json.errors.map((x) => [x.line, x.column]),
    [[14, '身份证号'], [15, '参保月份'], [15, '缴费金额(元)']]);
  assert.match(dry.json.errors[0].message, /台账中没有/);

  const first = await upload(admin, '/api/v1/imports/contributions', good, 'dry_run=false');
  assert.equal(first.json.created, 12);
  const again = await upload(admin, '/api/v1/imports/contributions', good, 'dry_run=false');
  assert.equal(again.json.created, 0);
  assert.equal(again.json.updated, 12);

  const log = await admin.request('GET', '/api/v1/audit?action=data.import.contributions');
  assert.equal(log.json.items.length, 2);
});

test('an unknown kind is 404, a missing column 400, and a job seeker may not import', async () => {
  const unknown = await upload(admin, '/api/v1/imports/salaries', 'a\n1\n', 'dry_run=true');
  assert.equal(unknown.status, 404);
  const missing = await upload(admin, '/api/v1/imports/dibao', `身份证号,发放金额(元)\n${person},620\n`, 'dry_run=true');
  assert.equal(missing.status, 400);
  assert.equal(missing.json.error.field, '发放月份');
  const seeker = new Client(server.url);
  assert.equal((await seeker.signIn('qiuzhi')).status, 200);
  const denied = await upload(seeker, '/api/v1/imports/employers', `统一社会信用代码,单位名称\n${employer},x\n`, 'dry_run=true');
  assert.equal(denied.status, 403);
});
