import type { Rule } from '../../types';
import { apiError, fieldPath, handlerLabel, handlerObject, sameQuotes, supportedValues, validatedHandler } from './validation';

const SCHEMES = ['HTTP', 'HTTPS'];

export const httpgetSchemeUnsupported: Rule = {
  id: 'api/httpget-scheme-unsupported',
  defaultSeverity: 'error',
  title: 'httpGet.scheme other than HTTP or HTTPS',
  help:
    '`httpGet.scheme` must be exactly `HTTP` or `HTTPS` (upper case; empty means `HTTP`). The API server ' +
    'rejects anything else, `https` included (validateHTTPGetAction: `Unsupported value`). HTTPS probes do ' +
    'not verify the certificate.',
  checkHandler(h, ctx) {
    if (validatedHandler(h) !== 'httpGet') return;
    const scheme = handlerObject(h, 'httpGet')?.scheme;
    if (typeof scheme !== 'string' || scheme === '' || SCHEMES.includes(scheme)) return;
    const path = [...h.path, 'httpGet', 'scheme'];
    const span = ctx.spanAt(path);
    const error = apiError(fieldPath(h.container.workload, path), 'Unsupported value', scheme, supportedValues(SCHEMES));
    const upper = scheme.trim().toUpperCase();
    const fixed = SCHEMES.includes(upper) ? upper : undefined;
    ctx.report({
      message: `${handlerLabel(h)} uses scheme "${scheme}", but the scheme is case-sensitive and must be HTTP or HTTPS: the API server rejects it ("${error}"). ${fixed ? `Use ${fixed}.` : 'Use HTTP or HTTPS.'}`,
      span,
      fixes: fixed
        ? [{ title: `Change the scheme to ${fixed}`, edits: [ctx.edit.replace(span, sameQuotes(ctx.textOf(span), fixed))], preferred: true }]
        : undefined,
    });
  },
};
