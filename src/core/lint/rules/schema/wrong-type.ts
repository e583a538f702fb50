import { isScalar } from 'yaml';
import type { ContainerModel } from '../../../manifest/model';
import type { Rule } from '../../types';
import { declaredPorts, isValidPortNum } from '../api/validation';
import { describeType, INT32_MAX, INT32_MIN, placeOf, walkContainer, type WrongType } from './schema';

export const wrongType: Rule = {
  id: 'schema/wrong-type',
  defaultSeverity: 'error',
  title: 'Value of the wrong type in a container, probe, hook, header or port',
  help:
    'A value that cannot be decoded into its field, so the API server rejects the object: ' +
    '`periodSeconds: "10"` (a string for an integer), `grpc.port: grpc` (gRPC probes take only a port ' +
    'number, no named ports), `exec.command: "cat /tmp/x"` (a string for a list), `value: 2` in an HTTP ' +
    'header (a number for a string). Kubernetes reads YAML 1.1, so a plain `yes`, `no`, `on` or `off` is a ' +
    'boolean. Ports of httpGet and tcpSocket accept an integer or a name; a quoted number there is a name ' +
    '(api/port-name-invalid). Probe timings and ports are 32-bit integers: a number past 2147483647 does not ' +
    'decode either.',
  checkContainer(c, ctx) {
    walkContainer(c, ctx, {
      wrongType(w) {
        const text = ctx.textOf(w.span);
        if (w.outOfInt32) {
          ctx.report({
            message: `${placeOf(w.path, c)} must be a 32-bit integer (${INT32_MIN} to ${INT32_MAX}), not ${text}: the API server cannot decode it ("cannot unmarshal number ${text} into … of type int32") and rejects the object. Use a smaller number.`,
            span: w.span,
          });
          return;
        }
        const fix = fixFor(w, text, c);
        const grpcName = isGrpcPort(w) && w.actual === 'string';
        const todo = fix ? `${fix.title}.` : grpcName ? 'gRPC probes do not support named ports: write the port number.' : `Write ${describeType(w.expected)}.`;
        ctx.report({
          message: `${placeOf(w.path, c)} must be ${describeType(w.expected)}, not ${describeActual(w, text)}: the API server cannot decode it and rejects the object. ${todo}`,
          span: w.span,
          fixes: fix ? [{ title: fix.title, edits: [ctx.edit.replace(w.span, fix.newText)], preferred: fix.preferred }] : undefined,
        });
      },
    });
  },
};

function isGrpcPort(w: WrongType): boolean {
  return w.path[w.path.length - 1] === 'port' && w.path[w.path.length - 2] === 'grpc';
}

function describeActual(w: WrongType, text: string): string {
  if (!isScalar(w.node)) return w.actual === 'list' ? 'a list' : 'an object';
  if (w.actual === 'string') return `the string ${JSON.stringify(w.node.value)}`;
  if (w.actual === 'boolean' && typeof w.node.value === 'string') return `${text}, which Kubernetes reads as a boolean (YAML 1.1)`;
  return `${w.actual === 'boolean' ? 'the boolean' : 'the number'} ${text}`;
}

interface ValueFix {
  title: string;
  newText: string;
  preferred: boolean;
}

/** The value the user meant, where it is certain (or, for a command, where it is the usual way). */
function fixFor(w: WrongType, text: string, c: ContainerModel): ValueFix | undefined {
  if (!isScalar(w.node)) return undefined;
  const value = w.node.value;
  if ((w.expected === 'integer' || w.expected === 'int32') && typeof value === 'string') {
    const digits = value.trim();
    if (/^-?\d+$/.test(digits)) return { title: `Write ${Number(digits)} without quotes`, newText: String(Number(digits)), preferred: true };
    if (isGrpcPort(w)) return grpcPortFix(digits, c);
  }
  if (w.expected === 'string' && w.actual !== 'string') {
    return { title: `Quote it: ${JSON.stringify(text)}`, newText: JSON.stringify(text), preferred: true };
  }
  if (w.expected === 'boolean' && typeof value === 'string' && /^(true|false)$/i.test(value.trim())) {
    const b = value.trim().toLowerCase();
    return { title: `Write ${b} without quotes`, newText: b, preferred: true };
  }
  if (typeof w.expected === 'object' && 'list' in w.expected && w.expected.list === 'string' && typeof value === 'string') {
    const words = value.trim().split(/\s+/);
    // Without shell syntax the words are the arguments; with it, the string needs a shell.
    if (value.trim() && !/["'\\$`|&;<>(){}*?~#\n]/.test(value)) {
      return { title: `Write it as a list: ${JSON.stringify(words).replace(/,/g, ', ')}`, newText: `[${words.map((s) => JSON.stringify(s)).join(', ')}]`, preferred: true };
    }
    return { title: 'Run it through a shell: ["sh", "-c", …]', newText: `["sh", "-c", ${JSON.stringify(value)}]`, preferred: false };
  }
  return undefined;
}

/** gRPC probes have no named ports: use the number of the container port with that name. */
function grpcPortFix(name: string, c: ContainerModel): ValueFix | undefined {
  const port = declaredPorts(c).find((p) => p.name === name)?.containerPort;
  if (typeof port !== 'number' || !isValidPortNum(port)) return undefined;
  return { title: `gRPC probes do not support named ports: use ${port}, the containerPort of "${name}"`, newText: String(port), preferred: true };
}
