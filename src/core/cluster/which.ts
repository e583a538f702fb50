// Finds an executable on PATH without a shell (no `which`, no `where`).
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { homedir } from 'node:os';

export interface WhichOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** Filled with every candidate path that was checked. */
  searched?: string[];
}

/** Expands a leading `~` (settings often contain `~/bin/kubectl`). */
export function expandHome(p: string, env: NodeJS.ProcessEnv = process.env): string {
  if (p === '~') return env.HOME || homedir();
  if (p.startsWith('~/') || p.startsWith('~\\')) return join(env.HOME || homedir(), p.slice(2));
  return p;
}

/** True if p is a regular file we may execute. */
export function isExecutableFile(p: string, platform: NodeJS.Platform = process.platform): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    if (platform === 'win32') return true;
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function candidates(name: string, platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform !== 'win32') return [name];
  const exts = (env.PATHEXT || '.EXE;.CMD;.BAT;.COM').split(';').filter(Boolean);
  if (exts.some((e) => name.toLowerCase().endsWith(e.toLowerCase()))) return [name];
  return [name, ...exts.map((e) => name + e.toLowerCase())];
}

/** The full path of `name` on PATH, or undefined. A name with a path separator is checked as is. */
export function which(name: string, opts: WhichOptions = {}): string | undefined {
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  const pathDelimiter = platform === 'win32' ? ';' : platform === process.platform ? delimiter : ':';
  const searched = opts.searched;
  if (name.includes('/') || (platform === 'win32' && name.includes('\\'))) {
    const p = resolve(expandHome(name, env));
    for (const c of candidates(p, platform, env)) {
      searched?.push(c);
      if (isExecutableFile(c, platform)) return c;
    }
    return undefined;
  }
  const pathVar = env.PATH ?? env.Path ?? '';
  for (const dir of pathVar.split(pathDelimiter)) {
    if (!dir || !isAbsolute(dir)) continue; // relative PATH entries would depend on the cwd: skip
    for (const c of candidates(join(dir, name), platform, env)) {
      searched?.push(c);
      if (isExecutableFile(c, platform)) return c;
    }
  }
  return undefined;
}
