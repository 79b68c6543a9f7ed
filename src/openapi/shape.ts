import { Type, type Static, type TSchema, type TUnsafe } from '@sinclair/typebox';

// Response shapes are written once, with TypeBox: each gives the TypeScript type (`Static<typeof X>`)
// and the JSON schema the OpenAPI document shows, so the two cannot drift (issue 11.2). The document
// is OpenAPI 3.0, which has no `type: 'null'` and no `const`: these helpers write nullable values and
// closed string sets the 3.0 way (`nullable: true`, `enum`), with the matching static type.

export { Type, type Static };

/** One of a closed list of strings (an `as const` array of the feature's pure module). */
export function StringEnum<const T extends readonly string[]>(
  values: T,
  options: Record<string, unknown> = {},
): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

/** The value, or null. For a closed list, null is listed among the values, as OpenAPI 3.0.3 asks. */
export function Nullable<T extends TSchema>(schema: T): TUnsafe<Static<T> | null> {
  const { enum: values, ...rest } = schema as TSchema & { enum?: unknown[] };
  return Type.Unsafe<Static<T> | null>({
    ...rest,
    ...(values ? { enum: [...values, null] } : {}),
    nullable: true,
  });
}

export const DateTime = (options: Record<string, unknown> = {}) =>
  Type.String({ format: 'date-time', ...options });

/** A calendar day, YYYY-MM-DD. */
export const DateOnly = (options: Record<string, unknown> = {}) =>
  Type.String({ format: 'date', ...options });

/** A message in Vietnamese and English (errors.ts LocalizedText). */
export const LocalizedShape = Type.Object({ vi: Type.String(), en: Type.String() });
