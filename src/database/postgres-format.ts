import mongoose from 'mongoose';

// FerretDB 1.24's storage format on PostgreSQL (its backends/postgresql and sjson packages): each
// row's `_jsonb` is the document as JSON plus, under "$s", the BSON type of every value ("t") and
// the order of the keys ("$k"), since JSON alone loses both. Decoded for the reads of
// postgres-reads.ts, encoded for the bulk writes of postgres-writes.ts.

/** A row of FerretDB 1.24's PostgreSQL backend: the values as JSON, their types in "$s". */
export interface FerretDocument {
  $s: FerretObjectSchema;
  [key: string]: unknown;
}
export interface FerretObjectSchema {
  p: Record<string, FerretSchema>;
  $k: string[];
}
export interface FerretSchema {
  t: string;
  $s?: FerretObjectSchema;
  i?: FerretSchema[];
  s?: number;
}

/** The document as the driver would have given it (lean), keys in stored order. */
export function decodeDocument(row: FerretDocument): Record<string, unknown> {
  return decodeObject(row, row.$s);
}

function decodeObject(values: Record<string, unknown>, schema: FerretObjectSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of schema.$k) {
    const type = schema.p[key];
    if (type) out[key] = decodeValue(values[key], type); // untyped: a field the projection did not find
  }
  return out;
}

function decodeValue(value: unknown, schema: FerretSchema): unknown {
  switch (schema.t) {
    case 'object':
      return decodeObject(value as Record<string, unknown>, schema.$s as FerretObjectSchema);
    case 'array':
      return (value as unknown[]).map((v, i) =>
        decodeValue(v, (schema.i as FerretSchema[])[i] as FerretSchema),
      );
    case 'date':
      return new Date(value as number);
    case 'objectId':
      return new mongoose.Types.ObjectId(value as string);
    case 'binData':
      return new mongoose.mongo.Binary(Buffer.from(value as string, 'base64'), schema.s ?? 0);
    case 'string':
    case 'bool':
    case 'int':
    case 'long':
    case 'null':
      return value;
    case 'double':
      return typeof value === 'number' ? value : Number(value); // NaN and ±Infinity are stored as text
    default:
      throw new Error(`FerretDB type ${schema.t} is not decoded here`);
  }
}

/** A value as FerretDB stores it: its JSON and its type. The inverse of decodeValue. */
export function encodeValue(value: unknown): { json: unknown; schema: FerretSchema } {
  if (value === null) return { json: null, schema: { t: 'null' } };
  if (typeof value === 'string') return { json: value, schema: { t: 'string' } };
  if (typeof value === 'boolean') return { json: value, schema: { t: 'bool' } };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('a non-finite number is not encoded here');
    // As the driver's BSON serializer does: an integer that fits 32 bits is an int32.
    const int = Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31;
    return { json: value, schema: { t: int ? 'int' : 'double' } };
  }
  if (value instanceof Date) return { json: value.getTime(), schema: { t: 'date' } };
  if (value instanceof mongoose.Types.ObjectId)
    return { json: value.toHexString(), schema: { t: 'objectId' } };
  if (Array.isArray(value)) {
    const items = value.map(encodeValue);
    return { json: items.map((x) => x.json), schema: { t: 'array', i: items.map((x) => x.schema) } };
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const { json, schema } = encodeObject(value as Record<string, unknown>);
    return { json, schema: { t: 'object', $s: schema } };
  }
  throw new Error(`a value of type ${typeof value} is not encoded here`);
}

/** A plain object's fields as FerretDB stores them (undefined fields left out, as BSON does). */
export function encodeObject(fields: Record<string, unknown>): {
  json: Record<string, unknown>;
  schema: FerretObjectSchema;
} {
  const json: Record<string, unknown> = {};
  const schema: FerretObjectSchema = { p: {}, $k: [] };
  for (const [key, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    const e = encodeValue(v);
    json[key] = e.json;
    schema.p[key] = e.schema;
    schema.$k.push(key);
  }
  return { json, schema };
}
