import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// The CI and local database server (DESIGN §11). Pinned: later issues rely on its exact behaviour.
export const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
export const FERRETDB_VERSION = 'v1.24.2';

/** The repository root (the folder holding package.json), from src/ or dist/src/. */
export function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('package.json not found above ' + __dirname);
    dir = up;
  }
  return dir;
}

export function projectFerretdbPath(): string {
  return path.join(projectRoot(), '.tools', 'bin', 'ferretdb');
}

export function hasGo(): boolean {
  return spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Builds FerretDB from the Go module proxy into .tools/bin. Not `go install …@v1.24.2`: on these
 * machines the proxy refuses the module's version list that `go install` reads for deprecation
 * notices, and a build of the bare module panics at start for want of build/version/version.txt,
 * which FerretDB's own release tooling generates. So: download the pinned module, copy it, write
 * that one file, build.
 */
export function buildFerretdb(
  target = projectFerretdbPath(),
  say: (line: string) => void = () => {},
): string {
  const env = { ...process.env, GOFLAGS: '-buildvcs=false -mod=mod', GOTOOLCHAIN: 'local' };
  say(`Downloading ${FERRETDB_MODULE}@${FERRETDB_VERSION} …`);
  const dl = spawnSync('go', ['mod', 'download', '-json', `${FERRETDB_MODULE}@${FERRETDB_VERSION}`], {
    env,
    encoding: 'utf8',
  });
  if (dl.status !== 0) throw new Error(`go mod download failed:\n${dl.stdout}\n${dl.stderr}`);
  const moduleDir = (JSON.parse(dl.stdout) as { Dir: string }).Dir;

  const work = mkdtempSync(path.join(tmpdir(), 'ferretdb-build-'));
  try {
    const src = path.join(work, 'src');
    cpSync(moduleDir, src, { recursive: true });
    chmodRecursive(src);
    writeFileSync(path.join(src, 'build', 'version', 'version.txt'), FERRETDB_VERSION + '\n');
    mkdirSync(path.dirname(target), { recursive: true });
    say(`Building FerretDB ${FERRETDB_VERSION} (a few minutes the first time) …`);
    const build = spawnSync('go', ['build', '-trimpath', '-o', target, './cmd/ferretdb'], {
      cwd: src,
      env,
      encoding: 'utf8',
    });
    if (build.status !== 0) throw new Error(`go build of FerretDB failed:\n${build.stderr}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const version = spawnSync(target, ['--version'], { encoding: 'utf8' });
  if (version.status !== 0) throw new Error(`the FerretDB build does not run:\n${version.stderr}`);
  say(`FerretDB ${FERRETDB_VERSION} installed at ${target}`);
  return target;
}

// The module cache is read-only; the copy must be writable to add version.txt and to be removed.
function chmodRecursive(dir: string): void {
  spawnSync('chmod', ['-R', 'u+w', dir]);
  chmodSync(dir, 0o755);
}
