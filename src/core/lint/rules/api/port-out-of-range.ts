import type { Rule } from '../../types';
import { PORT_RANGE, apiError, fieldPath, handlerLabel, handlerObject, isValidPortNum, validatedHandler } from './validation';

export const portOutOfRange: Rule = {
  id: 'api/port-out-of-range',
  defaultSeverity: 'error',
  title: 'Probe or hook port number outside 1–65535',
  help:
    'An integer `httpGet.port`, `tcpSocket.port` or `grpc.port` must be between 1 and 65535; the API server ' +
    'rejects anything else (ValidatePortNumOrName: "must be between 1 and 65535, inclusive"). A missing ' +
    'port is read as 0 and fails the same way; that case is reported once, by schema/missing-required.',
  checkHandler(h, ctx) {
    const t = validatedHandler(h);
    if (t !== 'httpGet' && t !== 'tcpSocket' && t !== 'grpc') return;
    const port = handlerObject(h, t)?.port;
    // Non-integers are decode errors (schema/wrong-type); a missing port is schema/missing-required.
    if (typeof port !== 'number' || !Number.isInteger(port) || isValidPortNum(port)) return;
    const path = [...h.path, t, 'port'];
    const error = apiError(fieldPath(h.container.workload, path), 'Invalid value', port, PORT_RANGE);
    ctx.report({
      message: `${handlerLabel(h)} uses port ${port}, outside 1–65535: the API server rejects it ("${error}"). Use the port the container listens on (1–65535)${t === 'grpc' ? '' : ' or the name of one of its ports'}.`,
      span: ctx.spanAt(path),
    });
  },
};
