import { DateTime, Nullable, StringEnum, Type, type Static } from '../openapi/shape';
import { RECEIVER_TYPES } from '../receiver-types';
import { MISMATCH_KINDS } from './inventory-figures';

// GET /reports/inventory as the API answers it: the TypeScript type and the OpenAPI schema.

const figures = {
  received: Type.Integer({ description: 'inStock + allocated + installed + defective + lost' }),
  inStock: Type.Integer(),
  allocated: Type.Integer({ description: 'held by a batch, not yet installed' }),
  installed: Type.Integer(),
  defective: Type.Integer(),
  lost: Type.Integer(),
};

const type = StringEnum(RECEIVER_TYPES);
const typeName = Type.String({ description: 'The type in words (Vietnamese)' });

export const InventoryReportShape = Type.Object({
  province: Type.Object({ code: Type.String(), name: Type.String() }),
  generatedAt: DateTime(),
  totals: Type.Object(figures),
  byType: Type.Array(Type.Object({ type, typeName, ...figures })),
  byLot: Type.Array(
    Type.Object({
      type,
      typeName,
      lot: Nullable(Type.String({ description: 'null: no lot given' })),
      ...figures,
    }),
  ),
  bySupplier: Type.Array(Type.Object({ type, typeName, supplier: Nullable(Type.String()), ...figures })),
  batchesChecked: Type.Integer({ description: 'Batches whose receivers and deliveries were compared' }),
  mismatchCount: Type.Integer(),
  mismatches: Type.Array(
    Type.Object({
      kind: StringEnum(MISMATCH_KINDS),
      kindText: Type.String({ description: 'The kind in words (Vietnamese)' }),
      serial: Nullable(Type.String()),
      batchId: Nullable(Type.String()),
      batchCode: Nullable(Type.String()),
      deliveryId: Nullable(Type.String()),
      householdId: Nullable(Type.String()),
      detail: Type.String({ description: 'What was found, in Vietnamese' }),
    }),
  ),
});
export type InventoryReport = Static<typeof InventoryReportShape>;
