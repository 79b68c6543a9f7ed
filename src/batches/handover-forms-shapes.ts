import { DateTime, Nullable, Type, type Static } from '../openapi/shape';

// A reservation of blank handover forms, as the API answers it (issue 12, item 7).

export const HandoverFormShape = Type.Object({
  id: Type.String(),
  batchId: Type.String(),
  batchCode: Type.String({ example: '25-D1-001' }),
  /** The reserved numbers, each with the delivery it was used for (null: the paper is unused). */
  numbers: Type.Array(
    Type.Object({
      number: Type.String({ example: '000124/2026/BB-BG' }),
      deliveryId: Nullable(Type.String()),
    }),
  ),
  reservedBy: Type.String(),
  reservedAt: DateTime(),
});
export type HandoverForm = Static<typeof HandoverFormShape>;

export const HandoverFormListShape = Type.Object({ items: Type.Array(HandoverFormShape) });
