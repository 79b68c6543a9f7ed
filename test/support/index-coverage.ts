// DESIGN §11: every query MongoDB will serve in production has an index whose prefix matches its
// equality fields, then its sort, then its ranges. No MongoDB runs here to explain() a query, so the
// integration suite records the shape of every query it sends (driver command monitoring, see
// query-shapes.ts) and this pure matcher checks each shape against the indexes the models declare.

export interface QueryShape {
  collection: string;
  /** Fields compared for equality ($eq, a plain value, $in: MongoDB bounds an index on each). */
  equality: string[];
  /** Sort fields in order, with direction. */
  sort: Array<[string, 1 | -1]>;
  /** Fields with ranges ($gt, $gte, $lt, $lte): bounds an index can serve after the equality prefix. */
  range: string[];
}

// Operators no index bound serves (an unanchored $regex, $ne, $nin, $exists, $not): MongoDB checks
// them on the documents the rest of the filter bounds, so they need no index of their own.
const RANGE_OPERATORS = new Set(['$gt', '$gte', '$lt', '$lte']);

export interface DeclaredIndex {
  collection: string;
  keys: Array<[string, 1 | -1]>;
  unique: boolean;
}

/** A filter (and sort) as the driver sends it, broken into the shapes an index must serve. */
export function shapesOf(collection: string, filter: unknown, sort?: unknown): QueryShape[] {
  const sortKeys: Array<[string, 1 | -1]> = isObject(sort)
    ? Object.entries(sort).map(([k, v]) => [k, v === -1 || v === 'desc' || v === 'descending' ? -1 : 1])
    : [];
  return branchesOf(isObject(filter) ? filter : {}).map((b) => ({
    collection,
    equality: b.equality,
    sort: sortKeys.filter(([k]) => !b.equality.includes(k)),
    range: b.range.filter((k) => !b.equality.includes(k)),
  }));
}

interface Branch {
  equality: string[];
  range: string[];
}

// $and merges into one branch; $or and $nor split: each branch is its own index scan in MongoDB.
function branchesOf(filter: Record<string, unknown>): Branch[] {
  let branches: Branch[] = [{ equality: [], range: [] }];
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const part of value) branches = cross(branches, branchesOf(isObject(part) ? part : {}));
    } else if ((key === '$or' || key === '$nor') && Array.isArray(value)) {
      branches = cross(
        branches,
        value.flatMap((part) => branchesOf(isObject(part) ? part : {})),
      );
    } else if (key.startsWith('$')) {
      continue; // $comment, $expr (not used: DESIGN §11's subset)
    } else if (isOperatorObject(value)) {
      const ops = Object.keys(value);
      if (ops.every((op) => op === '$eq' || op === '$in')) for (const b of branches) b.equality.push(key);
      else if (ops.some((op) => RANGE_OPERATORS.has(op))) for (const b of branches) b.range.push(key);
    } else {
      for (const b of branches) b.equality.push(key);
    }
  }
  return branches;
}

function cross(left: Branch[], right: Branch[]): Branch[] {
  if (right.length === 0) return left;
  return left.flatMap((l) =>
    right.map((r) => ({ equality: [...l.equality, ...r.equality], range: [...l.range, ...r.range] })),
  );
}

/** True when some declared index serves the shape: equality prefix, then sort, then ranges. */
export function isServed(shape: QueryShape, indexes: DeclaredIndex[]): boolean {
  // A query on nothing reads the whole collection by design (recounts, small lists): no index helps.
  if (shape.equality.length === 0 && shape.range.length === 0 && shape.sort.length === 0) return true;
  if (shape.equality.includes('_id')) return true; // a point lookup, whatever else it checks
  return indexes.filter((i) => i.collection === shape.collection).some((index) => servesWith(shape, index));
}

// Leading keys must be equality fields. Equality fields the index lacks are checked on the documents
// the index bounds (as MongoDB does), and the index still gives the sort order when the sort keys
// follow right after the leading equality keys; otherwise MongoDB would sort in memory. Ranges use
// the keys after the equality prefix (a range on the sort key is served by the sort). A query with
// neither equality nor sort must lead with a range field.
function servesWith(shape: QueryShape, index: DeclaredIndex): boolean {
  const keys = index.keys.map(([k]) => k);
  const equality = new Set(shape.equality);
  // A unique index whose every field is fixed by the query finds at most one document.
  if (index.unique && keys.every((k) => equality.has(k))) return true;
  let at = 0;
  while (at < keys.length && equality.has(keys[at] as string)) at++;
  if (equality.size > 0 && at === 0) return false;
  if (shape.sort.length > 0) {
    const slice = index.keys.slice(at, at + shape.sort.length);
    if (slice.length < shape.sort.length) return false;
    const same = shape.sort.every(([k, d], i) => slice[i]?.[0] === k && slice[i]?.[1] === d);
    const reversed = shape.sort.every(([k, d], i) => slice[i]?.[0] === k && slice[i]?.[1] === -d);
    if (!same && !reversed) return false;
  }
  const rest = keys.slice(at);
  if (equality.size === 0 && shape.sort.length === 0) return shape.range.includes(rest[0] ?? '');
  return at < equality.size || shape.range.every((k) => rest.includes(k));
}

export function describeShape(s: QueryShape): string {
  const sort = s.sort.map(([k, d]) => `${k}:${d}`).join(',');
  return `${s.collection} {eq: [${s.equality.join(', ')}], sort: [${sort}], range: [${s.range.join(', ')}]}`;
}

// Plain objects only: an ObjectId or a Date is a value, not a sub-filter.
function isObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function isOperatorObject(v: unknown): v is Record<string, unknown> {
  if (!isObject(v)) return false;
  const keys = Object.keys(v);
  return keys.length > 0 && keys.every((k) => k.startsWith('$'));
}
