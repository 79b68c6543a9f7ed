import { DateTime, Nullable, StringEnum, Type, type Static } from '../openapi/shape';
import { FAILURE_REASONS } from '../batches/status';

// GET /reports/acceptance (nghiệm thu, thanh quyết toán) as the API answers it.

export const AcceptanceReportShape = Type.Object({
  scope: Type.Object({
    kind: StringEnum(['batch', 'commune'] as const),
    batchCode: Nullable(Type.String()),
    batchName: Nullable(Type.String()),
    areaCode: Nullable(Type.String()),
    areaName: Nullable(Type.String()),
  }),
  generatedAt: DateTime(),
  nationalIds: StringEnum(['full', 'masked'] as const, { description: 'Officials and admins: full' }),
  delivered: Type.Array(
    Type.Object({
      no: Type.Integer(),
      deliveryId: Type.String(),
      householdId: Type.String(),
      communeName: Type.String(),
      village: Type.String(),
      headName: Type.String(),
      nationalId: Type.String(),
      address: Nullable(Type.String()),
      phone: Nullable(Type.String()),
      serial: Nullable(Type.String()),
      receiverModel: Nullable(Type.String()),
      deliveredAt: Nullable(DateTime()),
      installerName: Nullable(Type.String()),
      handoverNumber: Nullable(Type.String()),
      recipientName: Nullable(Type.String()),
      recipientRelation: Nullable(Type.String()),
      signalReceived: Nullable(Type.Boolean()),
      hasPhoto: Type.Boolean(),
    }),
  ),
  failures: Type.Array(
    Type.Object({
      no: Type.Integer(),
      deliveryId: Type.String(),
      householdId: Type.String(),
      communeName: Type.String(),
      village: Type.String(),
      headName: Type.String(),
      address: Nullable(Type.String()),
      reason: StringEnum(FAILURE_REASONS),
      reasonText: Type.String(),
      permanent: Type.Boolean(),
      at: Nullable(DateTime()),
      installerName: Nullable(Type.String()),
    }),
  ),
  totals: Type.Object({
    delivered: Type.Integer(),
    withSignal: Type.Integer(),
    withPhoto: Type.Integer(),
    failedAttempts: Type.Integer(),
    byCommune: Type.Array(
      Type.Object({
        communeCode: Type.String(),
        communeName: Type.String(),
        delivered: Type.Integer(),
        failedAttempts: Type.Integer(),
      }),
    ),
  }),
});
export type AcceptanceReport = Static<typeof AcceptanceReportShape>;
