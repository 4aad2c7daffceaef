// Issue 3: importing lists — dry run with line/column errors, all-or-nothing vs keep-good-rows,
// idempotent re-import, duplicates flagged, oversized uploads refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, Client, idNumber } from './server.mjs';

let server;
let admin;
before(async () => {
  server = await Server.start();
  admin = new Client(server.url);
  assert.equal((await admin.signIn('qu_admin')).status, 200);
});
after(async () => { await server?.stop(); });

const header = ['姓名', '身份证号', '手机号', '居住地区划代码', '学历', '毕业院校', '专业', '毕业时间', '人员类别', '家庭编号'];
const good1 = ['张三', idNumber('50015320030101123'), '13800001111', '500153001001', '本科', '重庆大学', '机械工程', '2026-06-30', '高校毕业生', 'H1'];
const good2 = ['李四', idNumber('50015320030202124'), '13800002222', '500153001002', '大专', '重庆电子工程职业学院', '电子商务', '2025-07-01', '高校毕业生、低保', 'H2'];
const badCheck = ['王五', '500153200303031230', '13800003333', '500153001001', '本科', '', '', '', '', ''];
const csv = (...rows) => [header, ...rows].map((r) => r.join(',')).join('\n') + '\n';

async function upload(body, query) {
  const res = await fetch(`${server.url}/api/v1/persons/import?${query}`, {
    method: 'POST',
    headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'text/csv', 'x-forwarded-for': '198.51.100.250' },
    body,
  });
  return { status: res.status, json: await res.json() };
}

test('a dry run reports every bad row with line and column and writes nothing', async () => {
  const r = await upload(csv(good1, badCheck, good2), 'dry_run=true&filename=list.csv');
  assert.equal(r.status, 200);
  assert.equal(r.json.rows, 3);
  assert.equal(r.json.rejected, 1);
  assert.equal(r.json.written, false);
  assert.deepEqual(r.json.errors.map((e) => [e.line, e.column]), [[3, '身份证号']]);
  assert.match(r.json.errors[0].message, /校验位/);
  const list = await admin.request('GET', '/api/v1/persons');
  assert.equal(list.json.total, 0);
});

test('all-or-nothing writes nothing when a row is bad; keep-good-rows keeps the good ones', async () => {
  const none = await upload(csv(good1, badCheck, good2), 'dry_run=false&mode=all-or-nothing');
  assert.equal(none.json.written, false);
  assert.equal((await admin.request('GET', '/api/v1/persons')).json.total, 0);
  const some = await upload(csv(good1, badCheck, good2), 'dry_run=false&mode=keep-good-rows&filename=list.csv');
  assert.equal(some.json.written, true);
  assert.equal(some.json.created, 2);
  assert.equal((await admin.request('GET', '/api/v1/persons')).json.total, 2);
  // Re-importing the same file changes nothing.
  const again = await upload(csv(good1, badCheck, good2), 'dry_run=false&mode=keep-good-rows');
  assert.equal(again.json.created, 0);
  assert.equal(again.json.updated, 0);
  assert.equal(again.json.unchanged, 2);
  assert.equal((await admin.request('GET', '/api/v1/persons')).json.total, 2);
  // The import is in the audit log.
  const log = await admin.request('GET', '/api/v1/audit?action=person.import');
  assert.ok(log.json.items.length >= 2);
});

test('a later list updates people it names and adds categories; twins are flagged', async () => {
  const dibao = ['姓名', '身份证号', '人员类别', '类别起始日期'].join(',') + '\n' +
    ['张三', good1[1], '低保', '2025-01-01'].join(',') + '\n' +
    ['张三', idNumber('50015320030101131'), '低保', '2025-01-01'].join(',') + '\n';
  const r = await upload(dibao, 'dry_run=false&mode=keep-good-rows&filename=dibao.csv');
  assert.equal(r.status, 200);
  assert.equal(r.json.updated, 1);
  // The second 张三 has the same birth date and another ID number: no region, so rejected,
  // and the same name + birth would have been flagged.
  const p = (await admin.request('GET', `/api/v1/persons?id_number=${good1[1]}`)).json.items[0];
  assert.deepEqual(p.categories.map((c) => c.category).sort(), ['dibao', 'graduate']);
  assert.equal(p.school, '重庆大学');  // Columns the list lacks keep their values.
  const twin = csv(['张三', idNumber('50015320030101131'), '', '500153001001', '', '', '', '', '', '']);
  const t = await upload(twin, 'dry_run=true');
  assert.equal(t.json.possible_duplicates.length, 1);
  assert.match(t.json.possible_duplicates[0].message, /同名同出生日期/);
});

test('missing required columns and oversized files are refused with a clear message', async () => {
  const noId = await upload('姓名,手机号\n张三,13800001111\n', 'dry_run=true');
  assert.equal(noId.status, 400);
  assert.equal(noId.json.error.field, '身份证号');
  const big = Buffer.alloc(101 * 1024 * 1024, 0x41);
  const r = await upload(big, 'dry_run=true');
  assert.equal(r.status, 413);
  assert.match(r.json.error.message, /100 MB/);
  // The server still serves.
  assert.equal((await admin.request('GET', '/api/v1/me')).status, 200);
});

// The education department's hand-over as it comes: a title and a 填报单位 line over the
// header, a serial-number and a sex column, 生源地 written as place names, graduation as a
// month, the longer spellings of degrees.
test('a list as offices send it: titles, place names, months, longer degrees, extra columns', async () => {
  const ids = [idNumber('50015320040101201'), idNumber('50015320040202202'), idNumber('50015320040303203'),
    idNumber('50015320040404204')];
  const file = [
    '荣昌区2026届未就业高校毕业生实名信息表,,,,,,,,',
    '填报单位：重庆市教委,,,,,,填报日期：2026年7月5日,,',
    '',
    '序号,姓名,性别,身份证号,毕业学校,所学专业,学历层次,毕业年月,生源地,联系电话',
    `1,赵一,男,${ids[0]},重庆文理学院,软件工程,本科生,2026.06,重庆市荣昌区昌元街道,13800005551`,
    `2,钱二,女,${ids[1]},重庆三峡学院,会计学,硕士研究生,2026年6月,荣昌区广顺街道,13800005552`,
    `3,孙三,男,${ids[2]},重庆电子工程职业学院,电子商务,高职（专科）,202507,荣昌区,13800005553`,
    `4,李四,女,${ids[3]},重庆大学,机械工程,本科,2026.06,火星基地,13800005554`,
  ].join('\n') + '\n';
  const r = await upload(file, 'dry_run=false&mode=keep-good-rows&filename=2026届.csv');
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.deepEqual(r.json.title_lines, [1, 2]);
  assert.deepEqual(r.json.ignored_columns, ['序号', '性别']);
  assert.equal(r.json.created, 3);
  assert.deepEqual(r.json.errors.map((e) => [e.line, e.column]), [[8, '生源地']]);
  assert.match(r.json.errors[0].message, /无法识别的地区: 火星基地/);
  const get = async (id) => (await admin.request('GET', `/api/v1/persons?id_number=${id}`)).json.items[0];
  const zhao = await get(ids[0]);
  assert.equal(zhao.hukou_region, '500153001000');
  assert.equal(zhao.education, 'bachelor');
  assert.equal(zhao.graduation_date, '2026-06-30');
  assert.equal(zhao.major, '软件工程');
  const qian = await get(ids[1]);
  assert.equal(qian.education, 'master');
  assert.equal(qian.hukou_region, '500153003000');
  const sun = await get(ids[2]);
  assert.equal(sun.education, 'junior_college');
  assert.equal(sun.graduation_date, '2025-07-31');
  assert.equal(sun.hukou_region, '500153000000');
});

test('an ID number Excel turned into a number is refused saying what happened', async () => {
  const file = '姓名,身份证号,居住地\n周五,5.00153E+17,500153001001\n';
  const r = await upload(file, 'dry_run=true');
  assert.equal(r.status, 200);
  assert.equal(r.json.errors.length, 1);
  assert.equal(r.json.errors[0].column, '身份证号');
  assert.match(r.json.errors[0].message, /Excel 存成了数字/);
});

test('a list longer than one chunk: a bad last row keeps all of it out; keep-good-rows stores the rest', async () => {
  // The importer stores a list in chunks of 65,536 rows while it still checks the rest of the
  // file, all in one transaction: 70,000 rows are two chunks.
  const before = (await admin.request('GET', '/api/v1/persons')).json.total;
  const rows = [];
  const start = Date.UTC(1990, 0, 1);
  // Names have no digits: the row number spelled with 甲乙丙丁戊己庚辛壬癸.
  const nameOf = (i) => '大名单' + [...String(i)].map((d) => '甲乙丙丁戊己庚辛壬癸'[d]).join('');
  for (let i = 0; i < 70000; i++) {
    const birth = new Date(start + Math.floor(i / 1000) * 86400000).toISOString().slice(0, 10).replaceAll('-', '');
    rows.push([nameOf(i), idNumber('500153' + birth + String(i % 1000).padStart(3, '0')), '', '500153002001',
      '本科', '', '', '', '', ''].join(','));
  }
  rows[68999] = rows[1].replace(nameOf(1) + ',', '重复者,');  // Line 69,001 (second chunk) repeats line 3's ID number.
  rows[69999] = '错号,500153199001010019,,500153002001,本科,,,,,';  // Line 70,001: wrong check digit.
  const file = [header.join(','), ...rows].join('\n') + '\n';
  const none = await upload(file, 'dry_run=false&mode=all-or-nothing');
  assert.equal(none.status, 200, JSON.stringify(none.json).slice(0, 300));
  assert.equal(none.json.written, false);
  assert.deepEqual(none.json.errors.map((e) => e.line), [69001, 70001]);
  assert.match(none.json.errors[0].message, /与第 3 行重复/);
  assert.equal((await admin.request('GET', '/api/v1/persons')).json.total, before);

  const some = await upload(file, 'dry_run=false&mode=keep-good-rows');
  assert.equal(some.json.written, true);
  assert.equal(some.json.created, 69998);
  assert.equal(some.json.rejected, 2);
  assert.equal((await admin.request('GET', '/api/v1/persons')).json.total, before + 69998);
  const last = await admin.request('GET', `/api/v1/persons?name=${encodeURIComponent(nameOf(69998))}`);
  assert.equal(last.json.total, 1);
});
