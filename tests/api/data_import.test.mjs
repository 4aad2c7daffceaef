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

test('recognitions: line and column errors, dry run, then the import the rules read', async () => {
  const header = '统一社会信用代码,认定类型,认定日期,认定级别,评估年度,评估等次,稳岗就业人数,认定文号\n';
  const bad = header +
    `${employer},孵化基地,2025-09-01,,,,,\n` +
    `${employer},帮扶车间,2026-03-20,,2025,,12,\n` +
    `${creditCode('91500153MA0000099')},就业基地,2024-06-18,,,,,\n`;
  const dry = await upload(admin, '/api/v1/imports/recognitions', bad, 'dry_run=false');
  assert.equal(dry.status, 200);
  assert.equal(dry.json.written, false);
  assert.deepEqual(dry.json.errors.map((x) => [x.line, x.column]),
    [[2, '认定级别'], [3, '评估等次'], [4, '统一社会信用代码']]);

  const good = header +
    `${employer},更加充分更高质量就业基地,2024-06-18,,,,,荣人社发〔2024〕45号\n` +
    `${employer},就业帮扶车间,2026-03-20,,2025,优秀,12,荣乡振发〔2026〕12号\n`;
  const trial = await upload(admin, '/api/v1/imports/recognitions', good, 'dry_run=true');
  assert.deepEqual([trial.json.errors.length, trial.json.written], [0, false]);
  const first = await upload(admin, '/api/v1/imports/recognitions', good, 'dry_run=false');
  assert.deepEqual([first.json.created, first.json.written], [2, true]);
  const again = await upload(admin, '/api/v1/imports/recognitions', good, 'dry_run=false');
  assert.deepEqual([again.json.created, again.json.updated], [0, 2]);

  // The quality-base grant is now found for this employer.
  const run = await admin.request('POST', '/api/v1/policy/runs', { body: { as_of: '2026-05-15' } });
  assert.equal(run.status, 201, run.text);
  const found = await admin.request('GET', '/api/v1/entitlements?rule_id=RC-BASE&size=50');
  assert.equal(found.status, 200, found.text);
  assert.ok(found.json.items.some((e) => e.payee_name === '荣昌示范食品有限公司' && e.amount_fen === 60000000),
    JSON.stringify(found.json.items));
});

// The engine's limits reach people in words: an incubator paid the 区级 grant and since
// recognised 市级 is paid the difference (limit top_up), and the API says so beside the machine
// names (limits, decision, payee_kind stay for programs).
test('an upgraded incubator is topped up, and its explanation says so in Chinese', async () => {
  const header = '统一社会信用代码,认定类型,认定日期,认定级别,评估年度,评估等次,稳岗就业人数,认定文号\n';
  const recognitions = header +
    `${employer},创业孵化基地,2024-03-01,区级,,,,荣人社发〔2024〕10号\n` +
    `${employer},创业孵化基地,2025-05-01,市级,,,,渝人社发〔2025〕8号\n`;
  const r = await upload(admin, '/api/v1/imports/recognitions', recognitions, 'dry_run=false');
  assert.deepEqual([r.json.errors?.length, r.json.written], [0, true], JSON.stringify(r.json));
  const paid = '补贴项目,统一社会信用代码,发放日期,发放金额(元),来源系统,支付流水号\n' +
    `incubator-grant,${employer},2024-06-01,200000,区财政,ZF2024-0001\n`;
  const p = await upload(admin, '/api/v1/imports/paid', paid, 'dry_run=false');
  assert.deepEqual([p.json.errors?.length, p.json.written], [0, true], JSON.stringify(p.json));

  const run = await admin.request('POST', '/api/v1/policy/runs', { body: { as_of: '2026-05-15' } });
  assert.equal(run.status, 201, run.text);
  const found = await admin.request('GET', '/api/v1/entitlements?rule_id=RC-INCUBATOR&size=50');
  const item = found.json.items.find((e) => e.payee_name === '荣昌示范食品有限公司');
  assert.ok(item, JSON.stringify(found.json.items));
  assert.equal(item.amount_fen, 40000000);
  assert.deepEqual([item.payee_kind, item.payee_kind_label], ['base', '基地']);
  assert.deepEqual([item.subject_kind, item.subject_kind_label], ['employer', '用人单位']);
  assert.deepEqual([item.kind, item.kind_label], ['payment', '补贴']);
  const one = await admin.request('GET', `/api/v1/entitlements/${item.id}`);
  assert.equal(one.status, 200, one.text);
  const ex = one.json.explanation;
  assert.deepEqual([ex.decision, ex.decision_label], ['eligible', '符合']);
  assert.deepEqual(ex.limits, ['top_up']);
  assert.deepEqual(ex.limit_texts, ['升级到更高标准，补发差额 400000.00元（此前已按较低标准领取「创业孵化基地一次性补贴」）']);

  const catalogue = await admin.request('GET', '/api/v1/policy/catalogue');
  const rule = catalogue.json.items.flatMap((x) => x.rules).find((x) => x.id === 'RC-INCUBATOR');
  assert.deepEqual([rule.subject, rule.subject_label, rule.payee, rule.payee_label], ['employer', '用人单位', 'base', '基地']);
  assert.ok(rule.limits.some((l) => l.startsWith('同一单位终身只享受一次「创业孵化基地一次性补贴」')), JSON.stringify(rule.limits));
  assert.ok(!rule.limits.some((l) => l.includes('incubator-grant')), JSON.stringify(rule.limits));
});

test('bangfu user add --person / --org link the account, and refuse a wrong link', async () => {
  const seekerOut = server.cli(['user', 'add', 'zhang.san', '--role', 'job_seeker', '--name', '张三',
    '--person', person, '--password-stdin'], 'zhangsan-pass\n');
  assert.match(seekerOut, /已创建账号 zhang\.san/);
  const orgOut = server.cli(['user', 'add', 'shipin', '--role', 'employer', '--name', '荣昌示范食品有限公司',
    '--org', employer, '--password-stdin'], 'shipin-pass1\n');
  assert.match(orgOut, /已创建账号 shipin/);

  const persons = await admin.request('GET', '/api/v1/persons?size=50');
  const zhang = persons.json.items.find((p) => p.name === '张三');
  const log = await admin.request('GET', '/api/v1/audit?action=user.create');
  const detail = (u) => JSON.parse(log.json.items.find((x) => JSON.parse(x.detail).username === u).detail);
  assert.equal(detail('zhang.san').person_id, zhang.id);

  const org = new Client(server.url);
  assert.equal((await org.signIn('shipin', 'shipin-pass1')).status, 200);
  const me = await org.request('GET', '/api/v1/me');
  assert.equal(me.json.user.org_id, detail('shipin').org_id);
  assert.ok(me.json.user.org_id > 0);
  const seeker = new Client(server.url);
  assert.equal((await seeker.signIn('zhang.san', 'zhangsan-pass')).status, 200);
  assert.equal((await seeker.request('GET', '/api/v1/me/policies')).status, 200);

  // A ledger person on an employer account, an unknown ID number, an unknown credit code:
  // each refused with its reason, and no account is created.
  const fails = [
    [['user', 'add', 'wrong1', '--role', 'employer', '--name', 'x', '--person', person], /只有求职者账号可以关联台账人员/],
    [['user', 'add', 'wrong2', '--role', 'job_seeker', '--name', 'x', '--person', idNumber('50015319900101444')], /台账中没有/],
    [['user', 'add', 'wrong3', '--role', 'employer', '--name', 'x', '--org', creditCode('91500153MA0000099')], /没有统一社会信用代码为/],
  ];
  for (const [args, message] of fails) {
    assert.throws(() => server.cli([...args, '--password-stdin'], 'password-123\n'),
      (e) => message.test(String(e.stderr) + String(e.stdout)));
  }
  const users = server.cli(['user', 'list']);
  assert.doesNotMatch(users, /wrong[123]/);
});
