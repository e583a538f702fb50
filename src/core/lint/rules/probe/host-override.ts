import { PROBE_LABEL } from '../../../k8s';
import type { HandlerModel } from '../../../manifest/model';
import { pairAt, pairSpan } from '../../../manifest/nav';
import { isTemplated } from '../../../manifest/split';
import { isObject } from '../../probe-facts';
import { appendToSeq } from '../../probe-fixes';
import type { Fix, RuleContext, Rule, TextEdit } from '../../types';

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i;
const IP = /^(\d{1,3}(\.\d{1,3}){3}|\[?[0-9a-f]*:[0-9a-f:.]*\]?)$/i;

export const hostOverride: Rule = {
  id: 'probe/host-override',
  defaultSeverity: 'warning',
  title: '`host` set on an httpGet or tcpSocket handler',
  help:
    'Without `host` the kubelet connects to the pod IP. With it, the kubelet connects from the node to that ' +
    'host: `127.0.0.1`/`localhost` is the node itself (unless the pod uses `hostNetwork`), a DNS name is ' +
    'resolved by the node (cluster DNS names usually are not), and a fixed IP checks another machine. For a ' +
    'virtual host, the Kubernetes docs say to set the `Host` header in `httpHeaders` instead.',
  checkHandler(h, ctx) {
    for (const type of ['httpGet', 'tcpSocket'] as const) {
      const action = (h.spec as Record<string, unknown>)[type];
      const host = isObject(action) ? action.host : undefined;
      if (typeof host !== 'string' || host.trim() === '' || isTemplated(host)) continue;
      checkHost(h, type, host.trim(), ctx);
    }
  },
};

function checkHost(h: HandlerModel, type: 'httpGet' | 'tcpSocket', host: string, ctx: RuleContext): void {
  const hostPath = [...h.path, type, 'host'];
  const what = `${PROBE_LABEL[h.site]} ${h.isProbe ? 'probe' : 'hook'} ${type}.host "${host}"`;
  const remove = ctx.edit.deleteEntry(hostPath);
  const removeFix = (preferred: boolean): Fix[] =>
    remove ? [{ title: 'Remove host (connect to the pod IP)', edits: [remove], preferred }] : [];
  const span = ctx.spanAt(hostPath);
  if (LOOPBACK.test(host)) {
    if (h.container.workload.podSpec.hostNetwork === true) return; // the node's loopback is the pod's
    ctx.report({
      message: `${what}: the kubelet connects from the node, so this checks the node's loopback, not the pod (no hostNetwork). Remove host to check the pod IP.`,
      span,
      fixes: removeFix(true),
    });
  } else if (IP.test(host)) {
    ctx.report({
      message: `${what}: checks a fixed address instead of this pod, so it says nothing about this container and breaks when addresses change. Remove host to check the pod IP.`,
      span,
      fixes: removeFix(true),
      severity: 'info',
    });
  } else {
    const header = type === 'httpGet' ? hostHeaderFix(h, host, ctx) : undefined;
    const advice = type === 'httpGet' ? 'For a virtual host, send a Host header instead' : 'Remove host to check the pod IP';
    ctx.report({
      message: `${what}: the kubelet resolves this name on the node (cluster DNS names usually do not resolve there) and checks that host, not this pod. ${advice}.`,
      span,
      fixes: [...(header ? [header] : []), ...removeFix(!header)],
    });
  }
}

/** Replaces `host: name` by a `Host: name` header (the docs' advice for virtual hosts). */
function hostHeaderFix(h: HandlerModel, host: string, ctx: RuleContext): Fix | undefined {
  const httpGet = [...h.path, 'httpGet'];
  const title = `Send "${host}" as the Host header and connect to the pod IP`;
  const value = /^[A-Za-z0-9.-]+$/.test(host) ? host : JSON.stringify(host);
  const headers = (h.spec as { httpGet?: { httpHeaders?: unknown } }).httpGet?.httpHeaders;
  if (Array.isArray(headers)) {
    const append = appendToSeq(ctx, [...httpGet, 'httpHeaders'], ['- name: Host', `  value: ${value}`]);
    const remove = ctx.edit.deleteEntry([...httpGet, 'host']);
    return append && remove ? { title, edits: [remove, append], preferred: true } : undefined;
  }
  if (headers !== undefined) return undefined;
  const pair = pairAt(ctx.document.yaml, [...httpGet, 'host']);
  const span = pair && pairSpan(pair, ctx.document.base);
  const text = ctx.text;
  if (!span) return undefined;
  const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
  const indent = text.slice(lineStart, span.start);
  if (!/^[ \t]*$/.test(indent)) return undefined; // flow style
  const eol = ctx.edit.eol;
  const edit: TextEdit = ctx.edit.replace(span, ['httpHeaders:', `  - name: Host`, `    value: ${value}`].join(eol + indent));
  return { title, edits: [edit], preferred: true };
}
