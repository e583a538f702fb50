import { isTemplated } from '../../../manifest/split';
import type { Rule } from '../../types';
import {
  apiError,
  declaredPorts,
  fieldPath,
  handlerLabel,
  handlerObject,
  isValidPortNum,
  portNameErrors,
  sameQuotes,
  validatedHandler,
} from './validation';

const NO_LETTER = 'must contain at least one letter (a-z)';
/** What is wrong, for each IsValidPortName failure (keyed by the API server's message). */
const ADVICE: Record<string, string> = {
  'must be no more than 15 characters': 'is longer than 15 characters',
  'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)': "may only contain lower-case letters, digits and '-'",
  [NO_LETTER]: 'has no lower-case letter',
  'must not contain consecutive hyphens': 'contains "--"',
  'must not begin or end with a hyphen': "begins or ends with '-'",
};

export const portNameInvalid: Rule = {
  id: 'api/port-name-invalid',
  defaultSeverity: 'error',
  title: 'Named probe or hook port that is not a valid port name',
  help:
    'A string `httpGet.port` / `tcpSocket.port` is a port name and must be a valid IANA_SVC_NAME: at most ' +
    "15 characters of `a-z`, `0-9` and `-`, at least one letter, no `--`, no leading or trailing `-`. The " +
    'API server reports each broken rule (IsValidPortName); the one finding lists them all. Upper case is rejected, and a quoted number ' +
    'such as `"8080"` is a name without a letter: write the number without quotes.',
  checkHandler(h, ctx) {
    const t = validatedHandler(h);
    if (t !== 'httpGet' && t !== 'tcpSocket') return;
    const port = handlerObject(h, t)?.port;
    if (typeof port !== 'string' || isTemplated(port)) return;
    const errors = portNameErrors(port);
    if (errors.length === 0) return;
    const path = [...h.path, t, 'port'];
    const span = ctx.spanAt(path);
    const field = fieldPath(h.container.workload, path);
    const fix = fixFor(port, ctx.textOf(span), declaredPorts(h.container).map((p) => p.name));
    const todo = fix ? `${fix.title}.` : "Use the port number, or the name of one of the container's ports.";
    // One finding per value, with every error the API server reports for it.
    const what = errors.map((detail) => whatIsWrong(port, detail)).join(', and ');
    const apiErrors = errors.map((detail) => `"${apiError(field, 'Invalid value', port, detail)}"`).join('; ');
    ctx.report({
      message: `${handlerLabel(h)} port "${port}" ${what}: the API server rejects it (${apiErrors}). ${todo}`,
      span,
      fixes: fix ? [{ title: fix.title, edits: [ctx.edit.replace(span, fix.newText)], preferred: true }] : undefined,
    });
  },
};

function whatIsWrong(port: string, detail: string): string {
  if (detail === NO_LETTER && /^\d+$/.test(port.trim())) return 'is a quoted number, which Kubernetes reads as a port name without a letter';
  return ADVICE[detail];
}

/** The value the user meant, when it is certain: the number without quotes, or a declared name in lower case. */
function fixFor(port: string, source: string, declared: unknown[]): { title: string; newText: string } | undefined {
  const trimmed = port.trim();
  if (/^\d+$/.test(trimmed) && isValidPortNum(Number(trimmed))) {
    return { title: `Use the number ${Number(trimmed)} without quotes`, newText: String(Number(trimmed)) };
  }
  const lower = trimmed.toLowerCase();
  if (portNameErrors(lower).length === 0 && declared.includes(lower)) {
    return { title: `Use "${lower}", the name declared in ports[]`, newText: sameQuotes(source, lower) };
  }
  return undefined;
}
