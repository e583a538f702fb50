import { PROBE_LABEL } from '../../../k8s';
import { isTemplated } from '../../../manifest/split';
import { declaredPorts, httpGetOf, portByName, runsHandlers } from '../../probe-facts';
import { setScalar } from '../../probe-fixes';
import type { Rule } from '../../types';

const TLS_NAME = /^https(-|$)|-https$|(^|-)tls$/;
const PLAIN_NAME = /^http(-|$)|-http$/;
const TLS_NUMBERS = new Set([443, 8443]);

export const schemePortMismatch: Rule = {
  id: 'probe/scheme-port-mismatch',
  defaultSeverity: 'warning',
  title: 'httpGet scheme that does not match the port',
  help:
    'An httpGet check with scheme HTTP (the default) to a TLS port (named `https`, `…-tls`, or 443/8443) gets ' +
    'a TLS error or "400 Bad Request: client sent an HTTP request to an HTTPS server", so it always fails; ' +
    'scheme HTTPS to a port named `http` fails the TLS handshake. HTTPS checks skip certificate verification, ' +
    'so HTTPS works with self-signed certificates.',
  checkHandler(h, ctx) {
    const httpGet = httpGetOf(h);
    if (!httpGet || !runsHandlers(h.container)) return;
    const scheme = httpGet.scheme ?? 'HTTP';
    if ((scheme !== 'HTTP' && scheme !== 'HTTPS') || isTemplated(httpGet.port)) return;
    const port = httpGet.port;
    const name = typeof port === 'string' ? port : declaredPorts(h.container).find((p) => p.containerPort === port)?.name;
    const number = typeof port === 'number' ? port : typeof port === 'string' ? portByName(h.container, port)?.containerPort : undefined;
    const tls = name ? TLS_NAME.test(name) : number !== undefined && TLS_NUMBERS.has(number);
    const plain = name !== undefined && PLAIN_NAME.test(name);
    const portText = name && name !== port ? `${String(port)} (${name})` : String(port);
    const schemePath = [...h.path, 'httpGet', 'scheme'];
    const what = `${PROBE_LABEL[h.site]} ${h.isProbe ? 'probe' : 'hook'}`;
    const written = httpGet.scheme !== undefined;
    if (scheme === 'HTTP' && tls) {
      const edit = setScalar(ctx, schemePath, 'HTTPS');
      ctx.report({
        message: `${what} uses scheme HTTP${written ? '' : ' (default)'} on TLS port ${portText}: a plain HTTP request to a TLS server always fails. Set scheme: HTTPS (certificates are not verified).`,
        span: ctx.spanAt(written ? schemePath : [...h.path, 'httpGet', 'port']),
        fixes: edit ? [{ title: 'Set scheme to HTTPS', edits: [edit], preferred: true }] : [],
      });
    } else if (scheme === 'HTTPS' && plain && !tls) {
      const edit = setScalar(ctx, schemePath, 'HTTP');
      ctx.report({
        message: `${what} uses scheme HTTPS on port ${portText}, which is named for plain HTTP: the TLS handshake fails. Set scheme: HTTP, or point it at the TLS port.`,
        span: ctx.spanAt(schemePath),
        fixes: edit ? [{ title: 'Set scheme to HTTP', edits: [edit] }] : [],
      });
    }
  },
};
