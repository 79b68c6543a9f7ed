import mongoose from 'mongoose';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import * as audit from '../audit/service';
import { NotFoundError, PayloadTooLargeError, RuleViolationError, text, ValidationError } from '../errors';
import { withLock } from '../database/locks';
import type { Actor } from '../users/roles';
import { loadDeliveryInScope } from './deliveries';
import { DeliveryModel } from './delivery-model';

// The optional photo of a handover, kept in the database (GridFS) so service instances stay
// stateless. One photo per delivery; a new upload replaces the old one.

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;

/** The file's first bytes must say what its Content-Type says (no HTML posing as a JPEG). */
export function looksLike(type: PhotoType, head: Buffer): boolean {
  if (type === 'image/jpeg') return head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff;
  if (type === 'image/png')
    return head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return (
    head.subarray(0, 4).toString('latin1') === 'RIFF' && head.subarray(8, 12).toString('latin1') === 'WEBP'
  );
}

function bucket() {
  const db = mongoose.connection.db;
  if (!db) throw new Error('not connected');
  return new mongoose.mongo.GridFSBucket(db, { bucketName: 'delivery_photos' });
}

async function readAll(source: AsyncIterable<Buffer | string>): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of source) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buf.length;
    if (size > PHOTO_MAX_BYTES) {
      throw new PayloadTooLargeError(
        text(
          'Ảnh quá lớn (tối đa 5 MB); hãy chụp lại với độ phân giải thấp hơn',
          'The photo is too large (at most 5 MB)',
        ),
        { limit: '5 MB' },
      );
    }
    parts.push(buf);
  }
  return Buffer.concat(parts);
}

export async function putDeliveryPhoto(
  id: string,
  type: PhotoType,
  source: AsyncIterable<Buffer | string>,
  actor: Actor,
): Promise<{ photoId: string; bytes: number }> {
  const d = await loadDeliveryInScope(id, actor);
  if (d.status !== 'delivered') {
    throw new RuleViolationError(
      text('Chỉ chụp ảnh cho hộ đã bàn giao', 'Photos are for delivered households'),
    );
  }
  const data = await readAll(source);
  if (data.length === 0 || !looksLike(type, data)) {
    throw new ValidationError(
      text('Tệp không phải ảnh JPEG, PNG hoặc WebP', 'The file is not a JPEG, PNG or WebP image'),
    );
  }
  const upload = bucket().openUploadStream(`delivery-${id}`, {
    metadata: { deliveryId: id, contentType: type },
  });
  Readable.from([data]).pipe(upload);
  await once(upload, 'finish');
  const photoId = String(upload.id);
  const previous = await withLock(`delivery:${id}`, async () => {
    const before = await DeliveryModel.findOneAndUpdate(
      { _id: id },
      { $set: { photoId }, $inc: { version: 1 } },
    ).lean();
    return before?.photoId ?? null;
  });
  if (previous)
    await bucket()
      .delete(new mongoose.Types.ObjectId(previous))
      .catch(() => undefined);
  await audit.record(
    actor,
    'delivery.photographed',
    { type: 'delivery', id, area: d.area },
    {
      before: { photoId: previous },
      after: { photoId, bytes: data.length, contentType: type },
    },
  );
  return { photoId, bytes: data.length };
}

export async function getDeliveryPhoto(
  id: string,
  actor: Actor,
): Promise<{ type: string; stream: Readable }> {
  const d = await loadDeliveryInScope(id, actor);
  if (!d.photoId) throw new NotFoundError(text('Lượt lắp đặt này chưa có ảnh', 'This delivery has no photo'));
  const files = await bucket()
    .find({ _id: new mongoose.Types.ObjectId(d.photoId) })
    .toArray();
  const file = files[0];
  if (!file) throw new NotFoundError(text('Không tìm thấy ảnh', 'Photo not found'));
  const type =
    (file.metadata as { contentType?: string } | undefined)?.contentType ?? 'application/octet-stream';
  return { type, stream: bucket().openDownloadStream(file._id) };
}
