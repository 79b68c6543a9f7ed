// DVB-T2 terrestrial receivers where the commune has terrestrial coverage, satellite kits elsewhere.
export const RECEIVER_TYPES = ['dvb-t2', 'satellite'] as const;
export type ReceiverType = (typeof RECEIVER_TYPES)[number];
