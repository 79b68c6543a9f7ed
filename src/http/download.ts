import type { Response } from 'express';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** A download that fails before its first byte answers the usual error; after it, it is cut short. */
export async function streamDownload(res: Response, body: Readable): Promise<void> {
  try {
    await pipeline(body, res);
  } catch (err) {
    if (!res.headersSent) {
      res.removeHeader('Content-Disposition');
      throw err;
    }
    res.req.log.warn({ err }, 'download cut short');
  }
}
