import { randomUUID } from 'node:crypto';
import path from 'node:path';
import express, { type Router } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import swaggerUi from 'swagger-ui-express';
import { areaApiPaths } from './areas/openapi';
import { areaRoutes } from './areas/routes';
import { AreaDetailShape, AreaShape } from './areas/shapes';
import { backupApiPaths } from './backups/openapi';
import { backupRoutes } from './backups/routes';
import { BackupListShape } from './backups/shapes';
import { batchApiPaths } from './batches/openapi';
import { deliveryApiPaths, handoverApiPaths } from './batches/delivery-openapi';
import { deliveryRoutes, handoverRoutes } from './batches/delivery-routes';
import { handoverFormApiPaths } from './batches/handover-forms-openapi';
import { handoverFormRoutes } from './batches/handover-form-routes';
import { batchRoutes } from './batches/routes';
import type { Config } from './config';
import { authenticate } from './http/auth';
import { errorHandler, notFoundRoute } from './http/error-handler';
import { householdBulkApiPaths } from './households/bulk-openapi';
import { householdApiPaths } from './households/openapi';
import { householdRoutes } from './households/routes';
import {
  HouseholdDuplicatesShape,
  HouseholdListItemShape,
  HouseholdShape,
  HouseholdWithHistoryShape,
} from './households/shapes';
import { inspectionApiPaths } from './inspections/openapi';
import { inspectionRoutes } from './inspections/routes';
import { jobApiPaths } from './jobs/openapi';
import { jobRoutes } from './jobs/routes';
import { healthRoutes } from './http/health';
import { webAppRoutes } from './http/web-app';
import { logger } from './logger';
import { API_BASE, buildOpenApiDocument, type DocumentedMount } from './openapi/document';
import { reportApiPaths } from './reports/openapi';
import { reportRoutes } from './reports/routes';
import { auditApiPaths } from './reports/audit-openapi';
import { AuditLogEntryShape } from './reports/audit-log-shapes';
import { auditRoutes } from './reports/audit-routes';
import { paperworkReportApiPaths } from './reports/paperwork-openapi';
import { paperworkReportRoutes } from './reports/paperwork-routes';
import { paymentReportApiPaths, paymentReportRoutes } from './reports/payment-routes';
import { receiverApiPaths } from './receivers/openapi';
import { receiverRoutes } from './receivers/routes';
import { projectRoot } from './database/ferretdb';
import { authApiPaths, userApiPaths } from './users/openapi';
import { authRoutes, userRoutes } from './users/routes';
import { LoginResultShape, UserShape } from './users/shapes';
import { actorForToken } from './users/sign-in';

export interface ApiMount extends DocumentedMount {
  router: Router;
}

/** Every feature router and its OpenAPI paths, mounted under /api/v1 (a test checks they match). */
export function apiMounts(config: Config): ApiMount[] {
  return [
    {
      path: '/auth',
      router: authRoutes({
        windowMinutes: config.auth.loginWindowMinutes,
        maxPerUser: config.auth.loginMaxPerUser,
        maxPerAddress: config.auth.loginMaxPerAddress,
        tokenTtlMinutes: config.auth.tokenTtlMinutes,
      }),
      paths: authApiPaths,
      schemas: { LoginResult: LoginResultShape },
    },
    { path: '/users', router: userRoutes, paths: userApiPaths, schemas: { User: UserShape } },
    {
      path: '/areas',
      router: areaRoutes,
      paths: areaApiPaths,
      schemas: { Area: AreaShape, AreaDetail: AreaDetailShape },
    },
    {
      path: '/households',
      router: householdRoutes,
      paths: { ...householdApiPaths, ...householdBulkApiPaths },
      schemas: {
        Household: HouseholdShape,
        HouseholdWithHistory: HouseholdWithHistoryShape,
        HouseholdListItem: HouseholdListItemShape,
        HouseholdDuplicates: HouseholdDuplicatesShape,
      },
    },
    { path: '/receivers', router: receiverRoutes, paths: receiverApiPaths },
    { path: '/batches', router: batchRoutes, paths: batchApiPaths },
    { path: '/deliveries', router: deliveryRoutes, paths: deliveryApiPaths },
    { path: '/deliveries', router: handoverRoutes(config.handover), paths: handoverApiPaths },
    { path: '/handover-forms', router: handoverFormRoutes, paths: handoverFormApiPaths },
    {
      path: '/audit',
      router: auditRoutes,
      paths: auditApiPaths,
      schemas: { AuditLogEntry: AuditLogEntryShape },
    },
    { path: '/reports', router: reportRoutes, paths: reportApiPaths },
    { path: '/reports', router: paperworkReportRoutes, paths: paperworkReportApiPaths },
    { path: '/reports', router: paymentReportRoutes, paths: paymentReportApiPaths },
    { path: '/inspections', router: inspectionRoutes, paths: inspectionApiPaths },
    { path: '/jobs', router: jobRoutes, paths: jobApiPaths },
    {
      path: '/backups',
      router: backupRoutes(config.backup),
      paths: backupApiPaths,
      schemas: { BackupList: BackupListShape },
    },
  ];
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function createApp(config: Config): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.http.trustProxy);
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
    }),
  );
  // The installer's barcode reader compiles WebAssembly (ZXing, served by us): 'wasm-unsafe-eval'
  // allows that and nothing else (no eval of scripts).
  app.use(
    helmet({ contentSecurityPolicy: { directives: { 'script-src': ["'self'", "'wasm-unsafe-eval'"] } } }),
  );
  app.use(express.json({ limit: config.http.bodyLimit }));

  const mounts = apiMounts(config);
  const document = buildOpenApiDocument(mounts);
  app.get('/api/openapi.json', (_req, res) => {
    res.json(document);
  });
  // Swagger UI's page needs inline styles and data: images; only under /api/docs.
  app.use(
    '/api/docs',
    helmet({
      contentSecurityPolicy: {
        directives: { 'style-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'] },
      },
    }),
    swaggerUi.serve,
    swaggerUi.setup(undefined, {
      swaggerOptions: { url: '/api/openapi.json' },
      customSiteTitle: 'DTV tracker API',
    }),
  );

  app.use(healthRoutes);
  const api = express.Router();
  api.use(authenticate(actorForToken));
  for (const m of mounts) api.use(m.path, m.router);
  app.use(API_BASE, api);
  app.use(webAppRoutes(path.join(projectRoot(), 'dist', 'web')));
  app.use(notFoundRoute);
  app.use(errorHandler);
  return app;
}
