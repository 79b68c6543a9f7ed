import { createHmac, timingSafeEqual } from 'node:crypto';

// Short-lived signed links to one handover record (issue 12): no session token in a URL. The link
// names the delivery, the format and the expiry, signed with HMAC-SHA256; it opens that one document
// until it expires (at most 10 minutes), for printing or opening in another app on the phone.

export const HANDOVER_FORMATS = ['html', 'pdf'] as const;
export type HandoverFormat = (typeof HANDOVER_FORMATS)[number];

export function signHandover(secret: string, id: string, format: HandoverFormat, expires: number): string {
  return createHmac('sha256', secret).update(`handover:${id}:${format}:${expires}`).digest('base64url');
}

/** Pure: the signature is right and the link has not expired at `now`. */
export function handoverLinkValid(
  secret: string,
  link: { id: string; format: HandoverFormat; expires: number; signature: string },
  now: Date,
): boolean {
  if (link.expires < now.getTime() / 1000) return false;
  const want = Buffer.from(signHandover(secret, link.id, link.format, link.expires));
  const got = Buffer.from(link.signature);
  return want.length === got.length && timingSafeEqual(want, got);
}
