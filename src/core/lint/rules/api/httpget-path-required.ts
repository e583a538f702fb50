import type { Rule } from '../../types';
import { handlerLabel, handlerObject, validatedHandler } from './validation';

export const httpgetPathRequired: Rule = {
  id: 'api/httpget-path-required',
  defaultSeverity: 'off',
  title: 'httpGet without a path (Kubernetes requests "/")',
  help:
    'validateHTTPGetAction requires `httpGet.path`, but the error cannot happen through the v1 API: ' +
    'defaulting (SetDefaults_HTTPGetAction) turns a missing or empty path into `/` first. So the probe ' +
    'requests `/`, which may not be the health endpoint. Off by default; when turned on it is a note.',
  checkHandler(h, ctx) {
    if (validatedHandler(h) !== 'httpGet') return;
    const httpGet = handlerObject(h, 'httpGet');
    const path = httpGet?.path;
    if (!httpGet || (path !== undefined && path !== null && path !== '')) return;
    const pathPath = [...h.path, 'httpGet', 'path'];
    const span = path === '' ? ctx.spanAt(pathPath) : ctx.spanAt([...h.path, 'httpGet'], 'key');
    const edit = path === '' ? ctx.edit.replace(span, ctx.textOf(span).startsWith("'") ? "'/'" : '"/"') : ctx.edit.insertIntoMap([...h.path, 'httpGet'], ['path: /']);
    ctx.report({
      message: `${handlerLabel(h)} has ${path === '' ? 'an empty' : 'no'} httpGet.path: Kubernetes defaults it to "/", so the probe requests "/". Set the path of the health endpoint explicitly.`,
      span,
      severity: 'info',
      fixes: edit ? [{ title: 'Write the default path "/" explicitly', edits: [edit] }] : undefined,
    });
  },
};
