import type { Rule } from '../../types';
import { apiError, fieldPath, handlerLabel, validatesHandlers } from './validation';

export const probeMultipleHandlers: Rule = {
  id: 'api/probe-multiple-handlers',
  defaultSeverity: 'error',
  title: 'Probe or lifecycle hook with more than one handler',
  help:
    'A probe or hook takes exactly one handler. The API server checks them in the order exec, httpGet, ' +
    'tcpSocket, grpc, sleep, validates the first and rejects every further one (validateHandler: "may not ' +
    'specify more than 1 handler type"). Keep the handler you mean and remove the others.',
  checkHandler(h, ctx) {
    if (!validatesHandlers(h.container)) return;
    const [first, ...extra] = h.handlerTypes;
    for (const t of extra) {
      const path = [...h.path, t];
      const edit = ctx.edit.deleteEntry(path);
      const error = apiError(fieldPath(h.container.workload, path), 'Forbidden', undefined, 'may not specify more than 1 handler type');
      ctx.report({
        message: `${handlerLabel(h)} has a second handler: \`${t}\` next to \`${first}\` is rejected by the API server ("${error}"). Keep only one handler.`,
        span: ctx.spanAt(path, 'key'),
        fixes: edit ? [{ title: `Remove the \`${t}\` handler (keep \`${first}\`)`, edits: [edit] }] : undefined,
      });
    }
  },
};
