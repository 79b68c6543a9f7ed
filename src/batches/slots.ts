// The values of a delivery's unique `slot` (see delivery-model.ts): at most one pending and one
// delivered delivery per household, enforced by the database on any server.
export const pendingSlot = (householdId: string) => `pending:${householdId}`;
export const deliveredSlot = (householdId: string) => `delivered:${householdId}`;
export const closedSlot = (deliveryId: string) => `closed:${deliveryId}`;
