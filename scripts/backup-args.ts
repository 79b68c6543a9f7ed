// What the backup and restore commands share: reading their arguments and saying how they ended.

/** The value after `name` on the command line (`--out file`), or undefined. */
export function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Prints why the command stopped and ends it with status 1. */
export function fail(message: string): never {
  console.error(`\n${message}`);
  process.exit(1);
}

export function sizeText(bytes: number): string {
  return bytes >= 1_048_576 ? `${(bytes / 1_048_576).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} kB`;
}
