import type { Rule } from '../../types';
import { apiError, fieldPath, handlerLabel, handlerObject, validatedHandler } from './validation';

export const execCommandRequired: Rule = {
  id: 'api/exec-command-required',
  defaultSeverity: 'error',
  title: 'exec handler without a command',
  help:
    'An `exec` handler needs a non-empty `command` list. The API server rejects a missing or empty one ' +
    '(validateExecAction: `…exec.command: Required value`). The command runs without a shell: use ' +
    '`["sh", "-c", "…"]` for shell syntax.',
  checkHandler(h, ctx) {
    if (validatedHandler(h) !== 'exec') return;
    const exec = handlerObject(h, 'exec');
    const command = exec?.command;
    // A command that is not a list cannot be decoded at all: schema/wrong-type reports it.
    if (!exec || (command !== undefined && command !== null && !(Array.isArray(command) && command.length === 0))) return;
    const path = [...h.path, 'exec', 'command'];
    const error = apiError(fieldPath(h.container.workload, path), 'Required value');
    ctx.report({
      message: `${handlerLabel(h)} runs \`exec\` without a command: the API server rejects it ("${error}"). Add the command to run, e.g. command: ["cat", "/tmp/healthy"].`,
      span: Array.isArray(command) ? ctx.spanAt(path) : ctx.spanAt([...h.path, 'exec'], 'key'),
    });
  },
};
