import { isTemplated } from '../../../manifest/split';
import { execCommand, runsHandlers } from '../../probe-facts';
import type { Rule } from '../../types';
import type { Span } from '../../../manifest/model';

export const livenessChecksDependency: Rule = {
  id: 'probe/liveness-checks-dependency',
  defaultSeverity: 'info',
  title: 'Liveness exec command that contacts another host',
  help:
    'kube-score\'s README_PROBES: a liveness probe "should never depend on downstream dependencies". If the ' +
    'database or service it contacts is down, the kubelet restarts every replica, which does not fix the ' +
    'dependency and turns its outage into a restart storm. Detected in exec commands: `-h`/`--host`/`-addr` ' +
    'arguments, URLs, and `nc`/`telnet` targets that are not localhost.',
  checkHandler(h, ctx) {
    if (h.site !== 'livenessProbe' || !runsHandlers(h.container)) return;
    const command = execCommand(h);
    const found = command && remoteHost(command);
    if (!found) return;
    ctx.report({
      message: `Liveness probe contacts another host (${found.host}): if it is down, the kubelet restarts this container and every replica, which does not bring it back. Check dependencies in the readiness probe and keep liveness local.`,
      span: narrow(ctx.spanAt([...h.path, 'exec', 'command', found.arg]), found.host, ctx.textOf),
    });
  },
};

const LOCAL = /^(localhost|127(\.\d{1,3}){3}|::1|0\.0\.0\.0|::)$/i;
const HOST_FLAGS = new Set(['-h', '--host', '-host', '--hostname', '-addr', '--addr', '--address']);
const CONNECTORS = new Set(['nc', 'ncat', 'netcat', 'telnet']);
const URL = /\b[a-z][a-z0-9+.-]*:\/\/(?:[^@/\s'"]*@)?(\[[^\]\s]+\]|[^:/\s?#'"]+)/gi;

interface Word {
  text: string;
  arg: number;
}

/** The first non-local host the command connects to, and the index of the argument that names it. */
function remoteHost(command: string[]): { host: string; arg: number } | undefined {
  for (let arg = 0; arg < command.length; arg++) {
    for (const m of command[arg].matchAll(URL)) if (isRemote(m[1])) return { host: clean(m[1]), arg };
  }
  const words: Word[] = command.flatMap((a, arg) => a.split(/\s+/).filter(Boolean).map((w) => ({ text: unquote(w), arg })));
  for (let k = 0; k < words.length; k++) {
    const w = words[k].text;
    const flag = /^(--?[a-z-]+)=(.+)$/i.exec(w);
    const candidate =
      flag && HOST_FLAGS.has(flag[1]) ? flag[2] : (k > 0 && HOST_FLAGS.has(words[k - 1].text)) || afterConnector(words, k) ? w : undefined;
    if (candidate && isRemote(stripPort(candidate))) return { host: clean(stripPort(candidate)), arg: words[k].arg };
  }
  return undefined;
}

/** True when word k is the first argument after nc/telnet that is neither an option nor a number. */
function afterConnector(words: Word[], k: number): boolean {
  if (words[k].text.startsWith('-')) return false;
  for (let j = k - 1; j >= 0; j--) {
    const w = words[j].text;
    if (CONNECTORS.has(w.replace(/^.*\//, ''))) return true;
    if (!w.startsWith('-') && !/^\d+$/.test(w)) return false;
  }
  return false;
}

const unquote = (w: string) => w.replace(/^["'(]+|["';)&|]+$/g, '');
const stripPort = (h: string) => (h.startsWith('[') ? h.replace(/\]:\d+$/, ']') : h.replace(/:\d+$/, ''));
const clean = (h: string) => h.replace(/^\[|\]$/g, '');

function isRemote(host: string): boolean {
  const h = clean(host);
  if (!h || LOCAL.test(h) || h.startsWith('$') || h.startsWith('-') || h.startsWith('/') || isTemplated(h)) return false;
  return /^[a-z0-9_.:-]+$/i.test(h) && /[a-z.:]/i.test(h);
}

/** The host inside the argument's text when it occurs there exactly once, else the whole argument. */
function narrow(span: Span, host: string, textOf: (s: Span) => string): Span {
  const text = textOf(span);
  const at = text.indexOf(host);
  if (at < 0 || text.indexOf(host, at + 1) >= 0) return span;
  return { start: span.start + at, end: span.start + at + host.length };
}
