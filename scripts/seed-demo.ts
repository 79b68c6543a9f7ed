// npm run seed:demo -- --province <code> --households <n> [--seed <n>]
// Builds a believable province through the services, as users would: commune targets and the
// switch-off date, an official and installers, each commune's survey list imported, the lists
// reviewed (approvals, rejections, duplicates), receivers registered, batches in every state with
// deliveries and failures spread over the last weeks. Prints the demo users' credentials.
import { DEMO_PASSWORD, seedDemo } from './demo/seed';
import { runScript } from './run';

function arg(name: string, fallback?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : fallback;
  if (v === undefined) {
    console.error('Usage: npm run seed:demo -- --province <code> --households <n> [--seed <n>]');
    process.exit(2);
  }
  return v;
}

void runScript(async () => {
  const { official, installers } = await seedDemo({
    provinceCode: arg('province'),
    households: Number(arg('households')),
    seed: Number(arg('seed', '1')),
  });
  console.log(
    `\nDemo users (password "${DEMO_PASSWORD}"): ${official.username}, ${installers.map((u) => u.username).join(', ')}`,
  );
});
