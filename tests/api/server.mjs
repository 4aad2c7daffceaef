// Starts the real bangfu binary on a free port with a fresh data directory, for API tests.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = process.env.BANGFU_BIN || join(ROOT, 'build', 'bangfu');
export const DEMO_PASSWORD = 'bangfu-demo';

export class Server {
  static async start({ demo = true, args = [], dataDir } = {}) {
    const s = new Server();
    s.ownsData = !dataDir;
    s.data = dataDir || mkdtempSync(join(tmpdir(), 'bangfu-api-'));
    s.output = '';
    // --trust-proxy: take the client address from X-Forwarded-For, so that each test client
    // has an address of its own and sign-in throttling per address does not leak between tests.
    const argv = ['serve', '--data', s.data, '--listen', '127.0.0.1:0', '--trust-proxy',
      ...(demo ? ['--demo'] : []), ...args];
    s.proc = spawn(BIN, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    s.exited = new Promise((resolve) => s.proc.on('exit', (code, signal) => resolve({ code, signal })));
    s.proc.stderr.on('data', (d) => { s.output += d; });
    s.url = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('server did not start in 60 s:\n' + s.output)), 60000);
      s.proc.stdout.on('data', (d) => {
        s.output += d;
        const m = /listening on (http:\/\/[0-9.]+:\d+)/.exec(s.output);
        if (m) { clearTimeout(timer); resolve(m[1]); }
      });
      s.exited.then(({ code }) => { clearTimeout(timer); reject(new Error(`server exited (${code}):\n${s.output}`)); });
    });
    return s;
  }

  // Runs `bangfu ARGS...` against this server's data directory (the CLI and the server share it).
  cli(args, input) {
    return execFileSync(BIN, [...args, '--data', this.data], { input, encoding: 'utf8' });
  }

  async stop() {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGTERM');
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 15000);
    const result = await this.exited;
    clearTimeout(timer);
    if (this.ownsData) rmSync(this.data, { recursive: true, force: true });
    return result;
  }
}

// A signed-in (or anonymous) HTTP client keeping the session cookie and CSRF token.
let nextAddress = 1;
export class Client {
  // Every client gets its own (documentation-range) address unless one is given.
  constructor(base, headers = {}) {
    this.base = base;
    this.cookie = '';
    this.csrf = '';
    this.headers = { 'x-forwarded-for': `198.51.100.${nextAddress++ % 250}`, ...headers };
  }

  async request(method, path, { body, csrf = true, headers = {} } = {}) {
    const h = { ...this.headers, ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (body !== undefined) h['content-type'] = 'application/json';
    if (csrf && this.csrf && method !== 'GET') h['x-csrf-token'] = this.csrf;
    const res = await fetch(this.base + path, {
      method, headers: h, body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const m = /bangfu_session=([^;]*)/.exec(setCookie);
      if (m) this.cookie = m[1] ? `bangfu_session=${m[1]}` : '';
    }
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = null; }
    return { status: res.status, headers: res.headers, json, text, setCookie };
  }

  async signIn(username, password = DEMO_PASSWORD) {
    const r = await this.request('POST', '/api/v1/session', { body: { username, password } });
    if (r.status === 200) this.csrf = r.json.csrf;
    return r;
  }
}

// An 18-digit ID number: the 17 given digits and their GB 11643 check character.
export function idNumber(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * w[i], 0);
  return first17 + '10X98765432'[sum % 11];
}
