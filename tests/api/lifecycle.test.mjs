// Server lifecycle: graceful stop, start without --demo, CLI user management and scope.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Server, Client, DEMO_PASSWORD } from './server.mjs';

test('SIGTERM waits for a request whose body is still arriving, answers it, then exits 0', async () => {
  const server = await Server.start({ demo: true });
  const { port } = new URL(server.url);
  // A sign-in sent by hand: the header and half the body now, the rest after the stop began.
  const body = JSON.stringify({ username: 'qu_admin', password: DEMO_PASSWORD });
  const half = Math.floor(body.length / 2);
  const sock = connect(Number(port), '127.0.0.1');
  await once(sock, 'connect');
  let response = '';
  sock.setEncoding('utf8');
  sock.on('data', (d) => { response += d; });
  const ended = once(sock, 'end');
  sock.write('POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
    `Content-Length: ${body.length}\r\nX-Forwarded-For: 198.51.100.251\r\nConnection: close\r\n\r\n` +
    body.slice(0, half));
  await sleep(300);  // the server has read the header: the request is in flight
  const stopped = server.stop();
  // The stop is under way once the listener is closed; the request is still waited for.
  const until = Date.now() + 10000;
  for (;;) {
    try { await new Client(server.url).request('GET', '/healthz'); } catch { break; }
    assert.ok(Date.now() < until, 'the server still accepts connections 10 s after SIGTERM');
    await sleep(50);
  }
  assert.equal(server.proc.exitCode, null, 'the server exited with a request in flight');
  sock.write(body.slice(half));
  await ended;
  assert.match(response, /^HTTP\/1\.1 200 /, response);
  const { code, signal } = await stopped;
  assert.equal(signal, null);
  assert.equal(code, 0);
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
