import { apiRouter } from '../http/api-router';
import { actorOf, requireRole } from '../http/auth';
import { parse, parseQuery } from '../http/validate';
import { SPREADSHEET_TYPES, uploadKindOf } from '../http/upload';
import { importReceivers } from './import';
import * as inventory from './inventory';
import {
  changeReceiverBody,
  importReceiversQuery,
  listReceiversQuery,
  receiverSerialParams,
  registerReceiversBody,
} from './schemas';
import * as receivers from './service';

export const receiverRoutes = apiRouter();

// The stock is kept by officials (their province's) and admins; installers and commune staff get 403.
const KEEPERS = ['official', 'admin'] as const;

receiverRoutes.post('/', requireRole(...KEEPERS), async (req, res) => {
  const input = parse(registerReceiversBody, req.body);
  res.status(201).json(await receivers.registerReceivers(input, actorOf(req)));
});

receiverRoutes.get('/', requireRole(...KEEPERS), async (req, res) => {
  const input = parseQuery(listReceiversQuery, req.query);
  res.json(await inventory.listReceivers(input, actorOf(req)));
});

const IMPORT_MAX_BYTES = 20 * 1024 * 1024;

// Before /:serial, which would take "import" for a serial.
receiverRoutes.post('/import', requireRole(...KEEPERS), async (req, res) => {
  const query = parseQuery(importReceiversQuery, req.query);
  const kind = uploadKindOf(req, SPREADSHEET_TYPES);
  res.json(await importReceivers({ ...query, kind, file: req, maxBytes: IMPORT_MAX_BYTES }, actorOf(req)));
});

receiverRoutes.get('/:serial', requireRole(...KEEPERS), async (req, res) => {
  const { serial } = parse(receiverSerialParams, req.params);
  res.json(await inventory.getReceiver(serial, actorOf(req)));
});

receiverRoutes.patch('/:serial', requireRole(...KEEPERS), async (req, res) => {
  const { serial } = parse(receiverSerialParams, req.params);
  const input = parse(changeReceiverBody, req.body);
  res.json(await inventory.changeReceiverStatus(serial, input, actorOf(req)));
});
