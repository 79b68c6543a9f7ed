// The embedded PostgreSQL asked directly (postgres-*.ts, through `pg`) and gone away: its SQLSTATE
// for a connection lost (class 08) or a server shutting down, crashed or starting up (57P01–57P03),
// or the pool's own words for a connection that ended or could not be made.
const POSTGRES_GOING_AWAY = /^(08...|57P0[1-3])$/;
const PG_CONNECTION_LOST = /^Connection terminated|^timeout exceeded when trying to connect/;

export function isPostgresGoingAway(err: Error): boolean {
  const { code } = err as { code?: unknown };
  if (typeof code === 'string' && POSTGRES_GOING_AWAY.test(code)) return true;
  return err.name === 'Error' && PG_CONNECTION_LOST.test(err.message);
}
