// Issue 5: an employer posts a job, staff review it with the fake-posting checks in view, the
// best candidates appear with reasons at once, warnings weigh in, closing takes it out, the
// job-fair import reports bad rows by line and column, and the batch run stores results.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, Client, idNumber } from './server.mjs';

let server;
let admin;
let qiye;
let seeker;
let orgId;
let personId;
let postingId;
before(async () => {
  server = await Server.start({ demoPersons: 200 });
  admin = new Client(server.url);
  qiye = new Client(server.url);
  seeker = new Client(server.url);
  assert.equal((await admin.signIn('qu_admin')).status, 200);
  assert.equal((await qiye.signIn('qiye')).status, 200);
  assert.equal((await seeker.signIn('qiuzhi')).status, 200);
  orgId = (await qiye.request('GET', '/api/v1/me')).json.user.org_id;
  assert.ok(orgId, 'the demo employer account acts for an employer');
});
after(async () => { await server?.stop(); });

test('the demo has published and pending postings, some with review findings', async () => {
  const pending = await admin.request('GET', '/api/v1/postings?status=pending&size=50');
  assert.equal(pending.status, 200);
  assert.ok(pending.json.total >= 2);
  const codes = pending.json.items.flatMap((p) => p.checks.map((c) => c.code));
  assert.ok(codes.includes('fee_words'), codes.join());
  assert.ok(codes.includes('salary_high'), codes.join());
  const published = await admin.request('GET', '/api/v1/postings?status=published');
  assert.ok(published.json.total >= 10);
});

test('an employer posts, cannot review, and staff publish with the checks shown', async () => {
  const r = await qiye.request('POST', '/api/v1/postings', {
    body: { title: '仓库管理员', openings: 2, salary_min: 4000, salary_max: 5500, skills: ['Excel'],
      description: '入职需交押金 200 元', valid_until: '2099-12-31' },
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.status, 'pending');
  assert.equal(r.json.employer_id, orgId);
  assert.ok(r.json.occupation_code, 'occupation from the title');
  assert.ok(r.json.checks.some((c) => c.code === 'fee_words'));
  postingId = r.json.id;

  const bad = await qiye.request('POST', '/api/v1/postings', { body: { title: '', salary_min: 10 } });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.field, 'title');
  const range = await qiye.request('POST', '/api/v1/postings', { body: { title: '保安', salary_min: 6000, salary_max: 5000 } });
  assert.equal(range.json.error.field, 'salary_max');

  assert.equal((await qiye.request('POST', `/api/v1/postings/${postingId}/review`, { body: { decision: 'publish' } })).status, 403);
  assert.equal((await seeker.request('GET', `/api/v1/postings/${postingId}`)).status, 404);
  const noReason = await admin.request('POST', `/api/v1/postings/${postingId}/review`, { body: { decision: 'reject' } });
  assert.equal(noReason.status, 400);
  assert.equal(noReason.json.error.field, 'reason');

  // The employer fixes the text; the fee finding goes away.
  const got = await qiye.request('GET', `/api/v1/postings/${postingId}`);
  const edited = await qiye.request('PUT', `/api/v1/postings/${postingId}`, {
    body: { ...got.json, description: '负责仓库收发货', version: got.json.version },
  });
  assert.equal(edited.status, 200, edited.text);
  assert.ok(!edited.json.checks.some((c) => c.code === 'fee_words'));
  const ok = await admin.request('POST', `/api/v1/postings/${postingId}/review`, { body: { decision: 'publish' } });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.status, 'published');
  assert.equal((await seeker.request('GET', `/api/v1/postings/${postingId}`)).status, 200);
});

test('a new person is matched at once; candidates and recommendations carry reasons', async () => {
  const posting = (await admin.request('GET', `/api/v1/postings/${postingId}`)).json;
  const r = await admin.request('POST', '/api/v1/persons', {
    body: { id_number: idNumber('50015319990505111'), name: '周仓', residence_region: posting.region_code,
      hukou_region: posting.region_code, education: 'high_school', desired_occupation: '仓管', expected_salary_min: 4000,
      skills: ['Excel'] },
  });
  assert.equal(r.status, 201, r.text);
  personId = r.json.id;
  const recs = await admin.request('GET', `/api/v1/persons/${personId}/recommendations`);
  assert.equal(recs.status, 200, recs.text);
  const mine = recs.json.items.find((m) => m.posting.id === postingId);
  assert.ok(mine, 'the new posting is recommended');
  assert.ok(mine.reasons.length >= 2);
  assert.ok(mine.reasons.every((x) => typeof x.text === 'string' && x.text));
  const cands = await admin.request('GET', `/api/v1/postings/${postingId}/candidates`);
  assert.equal(cands.status, 200);
  assert.equal(cands.json.items[0].person_id, personId);
  assert.equal((await qiye.request('GET', `/api/v1/postings/${postingId}/candidates`)).status, 403);
});

test('employer warnings are shown and weigh in; fraud removes the posting from matching', async () => {
  const before = (await admin.request('GET', `/api/v1/persons/${personId}/recommendations`)).json.items
    .find((m) => m.posting.id === postingId).score;
  const w = await admin.request('POST', `/api/v1/employers/${orgId}/warnings`, {
    body: { kind: 'discrimination', evidence: '12333 投诉 2026-001', from: '2026-01-01' },
  });
  assert.equal(w.status, 201, w.text);
  const after = (await admin.request('GET', `/api/v1/persons/${personId}/recommendations`)).json.items
    .find((m) => m.posting.id === postingId);
  assert.ok(after.score < before);
  assert.equal(after.posting.employer_warnings[0].kind, 'discrimination');
  const fraud = await admin.request('PUT', `/api/v1/warnings/${w.json.id}`, {
    body: { kind: 'fraud', evidence: '12333 投诉 2026-001', from: '2026-01-01' },
  });
  assert.equal(fraud.status, 200);
  const none = (await admin.request('GET', `/api/v1/persons/${personId}/recommendations`)).json.items;
  assert.ok(!none.some((m) => m.posting.id === postingId));
  assert.equal((await qiye.request('POST', `/api/v1/employers/${orgId}/warnings`, { body: { kind: 'fraud', evidence: 'x', from: '2026-01-01' } })).status, 403);
  const badKind = await admin.request('POST', `/api/v1/employers/${orgId}/warnings`, { body: { kind: 'rude', evidence: 'x', from: '2026-01-01' } });
  assert.equal(badKind.json.error.field, 'kind');
  assert.equal((await admin.request('DELETE', `/api/v1/warnings/${w.json.id}`)).status, 204);
  const list = await admin.request('GET', `/api/v1/employers/${orgId}/warnings`);
  assert.equal(list.json.items.length, 0);
});

test('the batch run stores results; closing takes the posting out', async () => {
  const run = await admin.request('POST', '/api/v1/match/runs', { body: {} });
  assert.equal(run.status, 201, run.text);
  assert.ok(run.json.persons >= 1);
  assert.ok(run.json.results >= 1);
  const closed = await qiye.request('POST', `/api/v1/postings/${postingId}/close`, { body: { reason: 'filled' } });
  assert.equal(closed.status, 200, closed.text);
  assert.equal(closed.json.close_reason_label, '已招满');
  const recs = (await admin.request('GET', `/api/v1/persons/${personId}/recommendations`)).json.items;
  assert.ok(!recs.some((m) => m.posting.id === postingId));
  const again = await qiye.request('POST', `/api/v1/postings/${postingId}/close`, { body: { reason: 'filled' } });
  assert.equal(again.status, 409);
});

test('a job-fair list: bad rows by line and column, keep-good-rows, idempotent', async () => {
  const employers = (await admin.request('GET', '/api/v1/employers')).json.items;
  const code = employers[0].credit_code;
  const csv = ['统一社会信用代码,岗位名称,招聘人数,月薪下限,月薪上限,用工形式',
    `${code},招聘会叉车司机,2,4500,6000,全职`,
    `${code},招聘会普工,两个,4000,5000,全职`,
    `${code},招聘会客服,1,3500,4500,按天`].join('\n') + '\n';
  const upload = async (query) => {
    const res = await fetch(`${server.url}/api/v1/postings/import?${query}`, {
      method: 'POST',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'text/csv', 'x-forwarded-for': '198.51.100.251' },
      body: csv,
    });
    return { status: res.status, json: await res.json() };
  };
  const dry = await upload('dry_run=true&filename=fair.csv');
  assert.equal(dry.status, 200);
  assert.deepEqual(dry.json.errors.map((e) => [e.line, e.column]), [[3, '招聘人数'], [4, '用工形式']]);
  assert.equal(dry.json.written, false);
  const real = await upload('dry_run=false&mode=keep-good-rows&filename=fair.csv');
  assert.equal(real.json.created, 1);
  const again = await upload('dry_run=false&mode=keep-good-rows&filename=fair.csv');
  assert.equal(again.json.created, 0);
  const found = await admin.request('GET', `/api/v1/postings?q=${encodeURIComponent('招聘会叉车司机')}`);
  assert.equal(found.json.total, 1);
  assert.equal(found.json.items[0].status, 'pending');
});
