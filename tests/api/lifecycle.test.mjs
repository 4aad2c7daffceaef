// Server lifecycle: graceful stop, start without --demo, CLI user management and scope.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Server, Client } from './server.mjs';

test('SIGTERM lets an in-flight request finish, then exits 0 and stops accepting', async () => {
  const server = await Server.start({ demo: true });
  const c = new Client(server.url);
  // A sign-in spends a deliberate ~100 ms in argon2id: send one, stop the server while it
  // is being served, and it must still be answered.
  const inflight = c.signIn('qu_admin');
  await new Promise((r) => setTimeout(r, 30));
  const stopped = server.stop();
  const res = await inflight;
  assert.equal(res.status, 200, res.text);
  const { code, signal } = await stopped;
  assert.equal(signal, null);
  assert.equal(code, 0);
  await assert.rejects(new Client(server.url).request('GET', '/healthz'));
});

test('without --demo nothing has a default password; the CLI creates the first admin', async () => {
  const server = await Server.start({ demo: false });
  try {
    const c = new Client(server.url);
    assert.equal((await c.signIn('qu_admin')).status, 401);
    server.cli(['user', 'add', 'first_admin', '--role', 'admin', '--name', '管理员', '--scope', '500153',
      '--password-stdin'], 'a-strong-password\n');
    assert.equal((await c.signIn('first_admin', 'a-strong-password')).status, 200);
    // A staff account scoped to one town, and an admin of that town only.
    server.cli(['user', 'add', 'town_admin', '--role', 'admin', '--name', '镇管理员', '--scope', '500153001',
      '--password-stdin'], 'another-password\n');
    const town = new Client(server.url);
    assert.equal((await town.signIn('town_admin', 'another-password')).status, 200);
    // The town admin sees audit entries of its own scope only: not first_admin's district sign-in.
    const log = await town.request('GET', '/api/v1/audit?limit=500');
    assert.equal(log.status, 200);
    assert.ok(!log.json.items.some((e) => e.username === 'first_admin' && e.action === 'session.sign_in'));
    // A record outside the caller's scope does not exist for them: 404, not 403.
    const admin = new Client(server.url);
    await admin.signIn('first_admin', 'a-strong-password');
    const users = (await admin.request('GET', '/api/v1/users')).json.items;
    const firstId = users.find((u) => u.username === 'first_admin').id;
    const townId = users.find((u) => u.username === 'town_admin').id;
    assert.equal((await admin.request('GET', `/api/v1/users/${townId}`)).status, 200);
    const hidden = await town.request('GET', `/api/v1/users/${firstId}`);
    assert.equal(hidden.status, 404);
    assert.equal(hidden.json.error.code, 'not_found');
    assert.equal((await town.request('GET', '/api/v1/users/999999')).status, 404);
    assert.ok(!(await town.request('GET', '/api/v1/users')).json.items.some((u) => u.username === 'first_admin'));
    // Disabling a user from the CLI ends their sessions.
    server.cli(['user', 'disable', 'town_admin']);
    await new Promise((r) => setTimeout(r, 16000));  // Session caches revalidate within 15 s.
    assert.equal((await town.request('GET', '/api/v1/me')).status, 401);
  } finally {
    await server.stop();
  }
});
