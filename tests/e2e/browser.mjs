// Debian's Chromium through playwright-core, plus the real server, for browser tests.
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export { Server } from '../api/server.mjs';

export const SHOTS = join(dirname(fileURLToPath(import.meta.url)), 'screenshots');
mkdirSync(SHOTS, { recursive: true });

export const DESKTOP = { width: 1366, height: 800 };
export const PHONE = { width: 390, height: 844 };

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    timeout: 60000,
  });
}

// A fresh context (own cookies) with a viewport; every page gets a 20 s default timeout.
export async function newPage(browser, viewport = DESKTOP, forwardedFor) {
  const context = await browser.newContext({
    viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai',
    deviceScaleFactor: 1,
    extraHTTPHeaders: forwardedFor ? { 'X-Forwarded-For': forwardedFor } : {},
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20000);
  return page;
}

export async function signIn(page, url, username, password = 'bangfu-demo') {
  await page.goto(url + '/login');
  await page.fill('[data-test=username]', username);
  await page.fill('[data-test=password]', password);
  await page.click('[data-test=submit]');
  await page.waitForURL(/\/workbench$/);
}

// Asserts the page is no wider than the phone's viewport (no sideways scrolling); `what` names
// it in the failure message.
export async function assertFitsPhone(page, what) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${what} is ${overflow}px wider than the phone`);
}

// Waits for web fonts and Element Plus transitions (≈300 ms) so the picture shows the page as a
// person sees it.
export async function shot(page, name) {
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}
