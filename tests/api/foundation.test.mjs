// Issue 2 (platform foundation) black-box tests: the real binary over HTTP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Server, Client } from './server.mjs';

let server;
before(async () => { server = await Server.start(); });
after(async () => { await server?.stop(); });

test('healthz answers ok with a request id', async () => {
  const r = await new Client(server.url).request('GET', '/healthz');
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, { status: 'ok' });
  assert.ok(r.headers.get('x-request-id'));
});

test('sign-in sets an HttpOnly SameSite=Strict cookie and returns csrf and user', async () => {
  const c = new Client(server.url);
  const r = await c.signIn('qu_admin');
  assert.equal(r.status, 200, r.text);
  assert.match(r.setCookie, /bangfu_session=[0-9a-f]{64}/);
  assert.match(r.setCookie, /HttpOnly/i);
  assert.match(r.setCookie, /SameSite=Strict/i);
  assert.ok(r.json.csrf.length >= 32);
  assert.equal(r.json.user.username, 'qu_admin');
  assert.equal(r.json.user.role, 'admin');
  assert.equal(r.json.user.scope, '500153');
  assert.equal(r.json.user.scope_name, '荣昌区');
  const me = await c.request('GET', '/api/v1/me');
  assert.equal(me.status, 200);
  assert.equal(me.json.user.username, 'qu_admin');
  assert.equal(me.json.csrf, r.json.csrf);
});

test('wrong credentials are 401 and do not say which part was wrong', async () => {
  const c = new Client(server.url, { 'x-forwarded-for': '203.0.113.7' });
  const a = await c.signIn('qu_admin', 'wrong-password');
  const b = await c.signIn('no_such_user', 'wrong-password');
  assert.equal(a.status, 401);
  assert.equal(b.status, 401);
  assert.equal(a.json.error.code, 'unauthenticated');
  assert.equal(a.json.error.message, b.json.error.message);
});

test('unauthenticated requests get 401 JSON', async () => {
  const r = await new Client(server.url).request('GET', '/api/v1/me');
  assert.equal(r.status, 401);
  assert.equal(r.json.error.code, 'unauthenticated');
});

test('state-changing requests without X-CSRF-Token are refused with 403', async () => {
  const c = new Client(server.url);
  await c.signIn('zhen_staff');
  const r = await c.request('DELETE', '/api/v1/session', { csrf: false });
  assert.equal(r.status, 403);
  assert.equal(r.json.error.field, 'X-CSRF-Token');
  const wrong = await c.request('DELETE', '/api/v1/session', { csrf: false, headers: { 'x-csrf-token': 'nope' } });
  assert.equal(wrong.status, 403);
  // Still signed in.
  assert.equal((await c.request('GET', '/api/v1/me')).status, 200);
  const ok = await c.request('DELETE', '/api/v1/session');
  assert.equal(ok.status, 204);
  assert.equal((await c.request('GET', '/api/v1/me')).status, 401);
});

test('more than 5 failures for one username within 5 minutes gives 429', async () => {
  const c = new Client(server.url);
  for (let i = 0; i < 5; i++) {
    const r = await c.signIn('peixun', 'wrong-' + i);
    assert.equal(r.status, 401);
  }
  const r = await c.signIn('peixun');  // Even the right password.
  assert.equal(r.status, 429);
  assert.equal(r.json.error.code, 'resource_exhausted');
  // Another account is not affected.
  assert.equal((await new Client(server.url).signIn('qiye')).status, 200);
});

test('each role signs in and sees its own identity', async () => {
  const expected = {
    qu_admin: 'admin', zhen_staff: 'town_staff', she_staff: 'community_staff', qiye: 'employer',
    qiuzhi: 'job_seeker', lingdao: 'leader',
  };
  for (const [username, role] of Object.entries(expected)) {
    const c = new Client(server.url);
    const r = await c.signIn(username);
    assert.equal(r.status, 200, username);
    assert.equal(r.json.user.role, role);
  }
});

test('the audit log is for administrators only and records sign-ins', async () => {
  const staff = new Client(server.url);
  await staff.signIn('zhen_staff');
  assert.equal((await staff.request('GET', '/api/v1/audit')).status, 403);
  const admin = new Client(server.url);
  await admin.signIn('qu_admin');
  const r = await admin.request('GET', '/api/v1/audit?action=session.&limit=200');
  assert.equal(r.status, 200, r.text);
  const actions = r.json.items.map((e) => `${e.action}:${e.username}`);
  assert.ok(actions.includes('session.sign_in:zhen_staff'), actions.join());
  assert.ok(actions.includes('session.sign_in_failed:qu_admin'), actions.join());
  const entry = r.json.items.find((e) => e.action === 'session.sign_in');
  assert.match(entry.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
  assert.ok(entry.request_id);
  // No API edits or deletes the log.
  for (const method of ['DELETE', 'PUT', 'PATCH', 'POST']) {
    const w = await admin.request(method, '/api/v1/audit', { body: {} });
    assert.ok([404, 405].includes(w.status), `${method} /audit gave ${w.status}`);
  }
});

test('regions of the demo district are loaded', async () => {
  const c = new Client(server.url);
  await c.signIn('she_staff');
  const r = await c.request('GET', '/api/v1/regions?parent=500153');
  assert.equal(r.status, 200, r.text);
  const names = r.json.items.map((x) => x.name);
  assert.ok(names.includes('昌元街道') && names.includes('荣隆镇'), names.join());
  const one = await c.request('GET', '/api/v1/regions/500153001');
  assert.equal(one.status, 200);
  assert.deepEqual(one.json.path.map((x) => x.name).slice(0, 1), ['重庆市']);
});

test('unknown API paths are 404 JSON, unknown pages get the web UI', async () => {
  const c = new Client(server.url);
  const r = await c.request('GET', '/api/v1/no-such-thing');
  assert.equal(r.status, 404);
  assert.equal(r.json.error.code, 'not_found');
});
