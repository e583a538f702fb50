import type { Rule } from '../../types';
import {
  HEADER_NAME_ERROR,
  HEADER_NAME_RE,
  apiError,
  asObject,
  fieldPath,
  handlerLabel,
  handlerObject,
  sameQuotes,
  validatedHandler,
} from './validation';

export const httpheaderNameInvalid: Rule = {
  id: 'api/httpheader-name-invalid',
  defaultSeverity: 'error',
  title: 'httpHeaders[].name that is not a valid HTTP header name',
  help:
    'A probe header name may only contain letters, digits and `-` (`^[-A-Za-z0-9]+$`): no `_`, spaces, ' +
    'or a trailing `:`, and not empty. The API server rejects anything else (IsHTTPHeaderName). Header ' +
    'values are not checked. A header without a name is reported by schema/missing-required.',
  checkHandler(h, ctx) {
    if (validatedHandler(h) !== 'httpGet') return;
    const headers = handlerObject(h, 'httpGet')?.httpHeaders;
    if (!Array.isArray(headers)) return;
    const listPath = [...h.path, 'httpGet', 'httpHeaders'];
    headers.forEach((header, i) => {
      const name = asObject(header)?.name;
      if (typeof name !== 'string' || HEADER_NAME_RE.test(name)) return;
      const path = [...listPath, i, 'name'];
      const span = ctx.spanAt(path);
      // The API server's path has no index here.
      const error = apiError(fieldPath(h.container.workload, listPath), 'Invalid value', name, HEADER_NAME_ERROR);
      const fixed = name.trim().replace(/:$/, '').trim().replace(/[_\s]+/g, '-');
      const fix = fixed !== name && HEADER_NAME_RE.test(fixed) ? fixed : undefined;
      ctx.report({
        message: `${handlerLabel(h)} sends a header named "${name}", which is not a valid HTTP header name: the API server rejects it ("${error}"). ${fix ? `Use "${fix}".` : "Use only letters, digits and '-'."}`,
        span,
        fixes: fix
          ? [{ title: `Rename the header to ${fix}`, edits: [ctx.edit.replace(span, sameQuotes(ctx.textOf(span), fix))] }]
          : undefined,
      });
    });
  },
};
