// Writes `<file>.gz` beside each compressible file of the built UI (web/dist). `bangfu serve`
// sends the .gz copy to browsers that accept gzip, so a phone on mobile data downloads about a
// third of the bytes, and the server spends no CPU compressing. `vite build` empties dist first,
// so a .gz can never outlive the file it was made from.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, constants } from 'node:zlib';

const root = new URL('../dist/', import.meta.url).pathname;
const compressible = /\.(js|mjs|css|html|svg|json|txt|map)$/;
let before = 0;
let after = 0;

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      walk(path);
      continue;
    }
    if (!compressible.test(name)) continue;
    const data = readFileSync(path);
    if (data.length < 1024) continue; // Not worth a second request path.
    const gz = gzipSync(data, { level: constants.Z_BEST_COMPRESSION });
    if (gz.length >= data.length) continue;
    writeFileSync(`${path}.gz`, gz);
    before += data.length;
    after += gz.length;
  }
}

walk(root);
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
console.log(`gzip: ${kb(before)} → ${kb(after)} (${((100 * after) / Math.max(before, 1)).toFixed(0)}%)`);
