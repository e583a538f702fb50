import type { Rule } from '../../types';
import { PORT_RANGE, apiError, fieldPath, handlerLabel, handlerObject, isValidPortNum, validatedHandler } from './validation';

export const portOutOfRange: Rule = {
  id: 'api/port-out-of-range',
  defaultSeverity: 'error',
  title: 'Probe or hook port number outside 1–65535',
  help:
    'An integer `httpGet.port`, `tcpSocket.port` or `grpc.port` must be between 1 and 65535; the API server ' +
    'rejects anything else (ValidatePortNumOrName: "must be between 1 and 65535, inclusive"). A missing ' +
    'port is read as 0 and fails the same way, so it is reported here too (schema/missing-required reports ' +
    'the same omission from the schema side; it is silenced next to the YAML extension).',
  checkHandler(h, ctx) {
    const t = validatedHandler(h);
    if (t !== 'httpGet' && t !== 'tcpSocket' && t !== 'grpc') return;
    const action = handlerObject(h, t);
    const port = action?.port;
    const path = [...h.path, t, 'port'];
    if (action && (port === undefined || port === null)) {
      // IntOrString's zero value: the API server validates a missing port as 0.
      const error = apiError(fieldPath(h.container.workload, path), 'Invalid value', 0, PORT_RANGE);
      ctx.report({
        message: `${handlerLabel(h)} has no port, which the API server reads as 0 and rejects ("${error}"). Set ${t}.port to the port the container listens on.`,
        span: ctx.spanAt([...h.path, t], 'key'),
      });
      return;
    }
    // Non-integers are decode errors (schema/wrong-type).
    if (typeof port !== 'number' || !Number.isInteger(port) || isValidPortNum(port)) return;
    const error = apiError(fieldPath(h.container.workload, path), 'Invalid value', port, PORT_RANGE);
    ctx.report({
      message: `${handlerLabel(h)} uses port ${port}, outside 1–65535: the API server rejects it ("${error}"). Use the port the container listens on (1–65535)${t === 'grpc' ? '' : ' or the name of one of its ports'}.`,
      span: ctx.spanAt(path),
    });
  },
};
