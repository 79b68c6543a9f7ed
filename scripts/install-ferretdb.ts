// npm run ferretdb:install — builds FerretDB v1.24.2 into .tools/bin (ignored by git) with Go.
// Does nothing when the binary is already there and reports the right version.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { buildFerretdb, FERRETDB_VERSION, hasGo, projectFerretdbPath } from '../src/database/ferretdb';

const target = projectFerretdbPath();
const installed =
  existsSync(target) &&
  spawnSync(target, ['--version'], { encoding: 'utf8' }).stdout?.includes(FERRETDB_VERSION);
if (installed) {
  console.log(`FerretDB ${FERRETDB_VERSION} is already installed at ${target}`);
} else if (!hasGo()) {
  console.error('Go is not installed: install Go 1.24 or newer (https://go.dev/dl/), or set MONGODB_URI.');
  process.exit(1);
} else {
  try {
    buildFerretdb(target, (line) => console.log(line));
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
