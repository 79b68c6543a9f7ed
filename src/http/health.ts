import { apiRouter } from './api-router';
import { pingDb } from '../database/db';
import { text, UnavailableError } from '../errors';

export const healthRoutes = apiRouter();

healthRoutes.get('/healthz', (_req, res) => {
  res.json({ status: 'ok' });
});

healthRoutes.get('/readyz', async (_req, res) => {
  if (!(await pingDb())) {
    throw new UnavailableError(text('Cơ sở dữ liệu không truy cập được', 'The database is unreachable'));
  }
  res.json({ status: 'ok', database: 'ok' });
});
