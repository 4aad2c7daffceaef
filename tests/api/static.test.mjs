// The built web UI over real HTTP: gzip copies go only to clients that accept them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { gzipSync, gunzipSync } from 'node:zlib';
import { Server } from './server.mjs';

let server;
let dir;
const script = `console.log(${JSON.stringify('帮扶'.repeat(2000))});\n`;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bangfu-static-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>帮扶</title>');
  writeFileSync(join(dir, 'assets', 'app-abc.js'), script);
  writeFileSync(join(dir, 'assets', 'app-abc.js.gz'), gzipSync(script));
  server = await Server.start({ demo: false, args: ['--static', dir] });
});

after(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

// Raw GET (fetch would decode the body and hide what was on the wire).
function get(path, headers) {
  return new Promise((resolve, reject) => {
    const req = request(server.url + path, { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('a browser accepting gzip gets the compressed copy, with the type of the script', async () => {
  const r = await get('/assets/app-abc.js', { 'accept-encoding': 'gzip, deflate, br' });
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-encoding'], 'gzip');
  assert.equal(r.headers.vary, 'Accept-Encoding');
  assert.match(r.headers['content-type'], /^text\/javascript/);
  assert.equal(r.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.ok(r.body.length < Buffer.byteLength(script) / 3, `sent ${r.body.length} bytes`);
  assert.equal(gunzipSync(r.body).toString('utf8'), script);
});

test('a client without gzip (or refusing it) gets the plain file', async () => {
  for (const accept of [undefined, 'identity', 'gzip;q=0']) {
    const r = await get('/assets/app-abc.js', accept ? { 'accept-encoding': accept } : {});
    assert.equal(r.status, 200, String(accept));
    assert.equal(r.headers['content-encoding'], undefined, String(accept));
    assert.equal(r.body.toString('utf8'), script, String(accept));
  }
});

test('pages without a .gz are sent plain; missing assets are 404', async () => {
  const page = await get('/persons', { 'accept-encoding': 'gzip' });
  assert.equal(page.status, 200);
  assert.equal(page.headers['content-encoding'], undefined);
  assert.equal(page.headers['cache-control'], 'no-cache');
  assert.match(page.body.toString('utf8'), /帮扶/);
  assert.equal((await get('/assets/missing.js', { 'accept-encoding': 'gzip' })).status, 404);
});
