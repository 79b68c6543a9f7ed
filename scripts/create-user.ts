// npm run user:create -- --username u --role official --area 25 --name "Nguyễn Văn A" [--password p]
// Prints a generated password when none is given.
import { parseArgs } from 'node:util';
import { syncAllIndexes } from '../src/database/db';
import { generatePassword } from '../src/users/passwords';
import { ROLES, SYSTEM_ACTOR, type Role } from '../src/users/roles';
import { createUser } from '../src/users/service';
import { runScript } from './run';

const { values } = parseArgs({
  options: {
    username: { type: 'string' },
    role: { type: 'string' },
    area: { type: 'string' },
    name: { type: 'string' },
    password: { type: 'string' },
  },
});
const { username, role, name: fullName } = values;
if (!username || !role || !fullName || !(ROLES as readonly string[]).includes(role)) {
  console.error(
    `Usage: npm run user:create -- --username <u> --role <${ROLES.join('|')}> --name "<full name>" [--area <code>] [--password <p>]`,
  );
  process.exit(2);
}

void runScript(async () => {
  await syncAllIndexes();
  const password = values.password ?? generatePassword();
  const user = await createUser(
    { username, password, fullName, role: role as Role, areaCode: values.area },
    SYSTEM_ACTOR,
  );
  console.log(
    `Created ${user.role} ${user.username} (${user.id})${user.scope ? ` for area ${user.scope.code}` : ''}.`,
  );
  if (!values.password) console.log(`Password (shown once): ${password}`);
});
