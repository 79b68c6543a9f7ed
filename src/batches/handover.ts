import * as areas from '../areas/service';
import { RuleViolationError, text, UnauthenticatedError } from '../errors';
import { findHousehold } from '../households/service';
import { getReceiver } from '../receivers/inventory';
import { SYSTEM_ACTOR, type Actor } from '../users/roles';
import * as users from '../users/service';
import { loadDeliveryInScope } from './deliveries';
import { BatchModel } from './model';
import { handoverLinkValid, signHandover, type HandoverFormat } from './handover-links';
import { ensureHandoverNumber } from './handover-numbers';
import { renderHandoverPage, type HandoverFacts } from './handover-page';
import { renderHandoverPdf } from './handover-pdf';
import { getDeliveryPhoto } from './photos';

async function photoOf(id: string, actor: Actor): Promise<{ type: string; data: Buffer } | null> {
  const photo = await getDeliveryPhoto(id, actor);
  const parts: Buffer[] = [];
  for await (const chunk of photo.stream) parts.push(chunk as Buffer);
  return { type: photo.type, data: Buffer.concat(parts) };
}

/** The handover record of a delivered household, as an HTML page (Vietnamese). */
export async function handoverPageOf(id: string, actor: Actor): Promise<string> {
  return renderHandoverPage(await handoverFactsOf(id, actor));
}

/** The same record as a PDF. */
export async function handoverPdfOf(id: string, actor: Actor): Promise<Buffer> {
  return renderHandoverPdf(await handoverFactsOf(id, actor));
}

/**
 * What the record shows. The head's ID is whole: the household signs this document, and only readers
 * of the delivery (its batch's installers, officials in scope, admins) or a link one of them made get it.
 */
export async function handoverFactsOf(id: string, actor: Actor): Promise<HandoverFacts> {
  const d = await loadDeliveryInScope(id, actor);
  if (d.status !== 'delivered' || !d.serial || !d.deliveredAt) {
    throw new RuleViolationError(
      text('Chỉ lập biên bản cho hộ đã được bàn giao', 'Only a delivered household has a handover record'),
      { status: d.status },
    );
  }
  // The reader may see this delivery; the pieces below are read on their behalf.
  const handoverNumber = await ensureHandoverNumber(d);
  const [household, batch, province, commune, installer, receiver, photo] = await Promise.all([
    findHousehold(d.householdId, SYSTEM_ACTOR),
    BatchModel.findById(d.batchId, { code: 1, name: 1, receiverType: 1 }).lean(),
    areas.findArea(d.area.provinceCode),
    areas.findArea(d.area.communeCode),
    // A missing account prints a line to write the name on; a database error fails the paper.
    d.completedBy
      ? users.accountsOf([d.completedBy]).then((a) => a.get(d.completedBy as string) ?? null)
      : null,
    getReceiver(d.serial, SYSTEM_ACTOR).catch(() => null),
    d.photoId ? photoOf(id, actor).catch(() => null) : null,
  ]);
  return {
    handoverNumber,
    batchCode: batch?.code ?? d.batchId,
    batchName: batch?.name ?? '',
    provinceName: province?.name ?? d.area.provinceCode,
    communeName: commune?.name ?? d.area.communeCode,
    village: d.village,
    address: household.address ?? null,
    headName: household.head.fullName,
    headNationalId: household.head.nationalId,
    phone: household.phone ?? null,
    povertyStatus: household.povertyStatus,
    recipientName: d.recipientName ?? household.head.fullName,
    recipientIdLast4: d.recipientIdLast4 ?? '',
    recipientRelation: d.recipientRelation ?? null,
    serial: d.serial,
    receiverType: batch?.receiverType ?? household.receiverType,
    receiverModel: receiver?.model ?? null,
    deliveredAt: d.deliveredAt,
    signalReceived: d.signalReceived ?? false,
    // No person's account (the system recorded it, or the id is unknown): a line to write the name on.
    installerName: installer?.fullName ?? null,
    notes: d.notes ?? null,
    photo,
  };
}

export interface HandoverLinkSettings {
  linkSecret: string;
  linkTtlMinutes: number;
}

/** A link that opens this one record without a session until it expires (a reader of the delivery asks). */
export async function handoverLinkOf(
  id: string,
  format: HandoverFormat,
  actor: Actor,
  settings: HandoverLinkSettings,
  now = new Date(),
): Promise<{ url: string; expiresAt: string }> {
  const d = await loadDeliveryInScope(id, actor);
  if (d.status !== 'delivered') {
    throw new RuleViolationError(
      text('Chỉ lập biên bản cho hộ đã được bàn giao', 'Only a delivered household has a handover record'),
      { status: d.status },
    );
  }
  const expires = Math.floor(now.getTime() / 1000) + settings.linkTtlMinutes * 60;
  const signature = signHandover(settings.linkSecret, id, format, expires);
  const file = format === 'pdf' ? 'handover.pdf' : 'handover';
  return {
    url: `/api/v1/deliveries/${id}/${file}?expires=${expires}&signature=${signature}`,
    expiresAt: new Date(expires * 1000).toISOString(),
  };
}

/** The record opened through a signed link: checked, then read on behalf of whoever made the link. */
export async function signedHandoverOf(
  link: { id: string; format: HandoverFormat; expires: number; signature: string },
  settings: HandoverLinkSettings,
  now = new Date(),
): Promise<string | Buffer> {
  if (!handoverLinkValid(settings.linkSecret, link, now)) {
    throw new UnauthenticatedError(
      text(
        'Đường dẫn biên bản đã hết hạn hoặc không đúng; hãy mở lại biên bản từ ứng dụng',
        'The handover link expired or is wrong; open the record again from the app',
      ),
    );
  }
  return link.format === 'pdf' ? handoverPdfOf(link.id, SYSTEM_ACTOR) : handoverPageOf(link.id, SYSTEM_ACTOR);
}
