// `kube-probes lint | run | simulate` — dispatches to src/cli/*; the contract is the README's "The CLI" section.
import type { CliIO } from './cli/io';
import { toolVersion } from './core/defaults';

const USAGE = `usage: kube-probes <command> [options]

commands:
  lint [PATH ...] [--format text|json|sarif] [--config FILE]
  lint CHART_DIR|OVERLAY_DIR [--values FILE ...] [--set KEY=VALUE ...] [--release NAME] [--namespace NS] [--helm PATH] [--kubectl PATH]
  run FILE --container NAME --probe KIND [options]
  simulate FILE [--workload KIND/NAME] --scenario SCENARIO.yaml [--format text|json]
  measure FILE --container NAME --probe KIND [--samples N] [--starts N --launch CMD] [--apply]

Run 'kube-probes <command> --help' for a command's options.`;

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'lint':
      return (await import('./cli/lint')).lintCommand(rest, io);
    case 'run':
      return (await import('./cli/run')).runCommand(rest, io);
    case 'simulate':
      return (await import('./cli/simulate')).simulateCommand(rest, io);
    case 'measure':
      return (await import('./cli/measure')).measureCommand(rest, io);
    case '--version':
    case '-v':
      io.stdout(`${toolVersion()}\n`);
      return 0;
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      (cmd === undefined ? io.stderr : io.stdout)(USAGE + '\n');
      return cmd === undefined ? 2 : 0;
    default:
      io.stderr(`kube-probes: unknown command '${cmd}'\n${USAGE}\n`);
      return 2;
  }
}

if (require.main === module) {
  const { processIO } = require('./cli/io') as typeof import('./cli/io');
  main(process.argv.slice(2), processIO())
    .then((code) => processIO().flush().then(() => process.exit(code)))
    .catch((err: unknown) => {
      process.stderr.write(`kube-probes: internal error: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(2);
    });
}
