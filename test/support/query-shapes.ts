import mongoose from 'mongoose';
import { describeShape, isServed, shapesOf, type DeclaredIndex, type QueryShape } from './index-coverage';

// Records the shape of every query the service code sends during the integration suite (Mongoose's
// debug hook, which sees each model call with its filter, sort and pipeline) so that a root hook can
// fail the run when one has no declared index (see index-coverage.ts). A call is recorded only when
// its (async) stack passes through src/: the tests' own assertions query freely.

const seen = new Map<string, { shape: QueryShape; example: string }>();

export function recordQueryShapes(): void {
  mongoose.set('debug', (collection: string, method: string, ...args: unknown[]) => {
    const shapes = shapesOfCall(collection, method, args);
    if (shapes.length === 0 || !calledFromSrc()) return;
    for (const shape of shapes) {
      const key = describeShape(shape);
      if (!seen.has(key))
        seen.set(key, { shape, example: `${method} ${JSON.stringify(args).slice(0, 240)}` });
    }
  });
}

function calledFromSrc(): boolean {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 40;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  return stack.split('\n').some((line) => /[/\\]src[/\\]/.test(line) && !line.includes('node_modules'));
}

function shapesOfCall(collection: string, method: string, args: unknown[]): QueryShape[] {
  const [first, second, third] = args;
  const options = (o: unknown): Record<string, unknown> =>
    o && typeof o === 'object' ? (o as Record<string, unknown>) : {};
  switch (method) {
    case 'find':
    case 'findOne':
      return shapesOf(collection, first, options(second).sort);
    case 'countDocuments':
    case 'count':
    case 'distinct':
    case 'deleteOne':
    case 'deleteMany':
      return shapesOf(collection, method === 'distinct' ? second : first);
    case 'updateOne':
    case 'updateMany':
    case 'replaceOne':
      return shapesOf(collection, first);
    case 'findOneAndUpdate':
    case 'findOneAndDelete':
    case 'findOneAndReplace':
      return shapesOf(collection, first, options(method === 'findOneAndDelete' ? second : third).sort);
    case 'bulkWrite':
      return (Array.isArray(first) ? first : []).flatMap((op: Record<string, { filter?: unknown }>) =>
        Object.values(op).flatMap((o) => (o && 'filter' in o ? shapesOf(collection, o.filter) : [])),
      );
    case 'aggregate': {
      const pipeline = (Array.isArray(first) ? first : []) as Array<Record<string, unknown>>;
      const match = pipeline[0]?.$match;
      const sort = match ? pipeline[1]?.$sort : pipeline[0]?.$sort;
      return match || sort ? shapesOf(collection, match ?? {}, sort) : [];
    }
    default:
      return [];
  }
}

export function declaredIndexes(): DeclaredIndex[] {
  return mongoose.modelNames().flatMap((name) => {
    const model = mongoose.model(name);
    return model.schema.indexes().map(([fields, options]) => ({
      collection: model.collection.collectionName,
      keys: Object.entries(fields).map(([k, v]) => [k, v === -1 ? -1 : 1] as [string, 1 | -1]),
      unique: Boolean((options as { unique?: boolean } | undefined)?.unique),
    }));
  });
}

/** Every recorded shape no declared index serves, with one command that had it. */
export function unservedQueryShapes(): string[] {
  const owned = new Set(mongoose.modelNames().map((n) => mongoose.model(n).collection.collectionName));
  const indexes = declaredIndexes();
  return [...seen.values()]
    .filter(({ shape }) => owned.has(shape.collection) && !isServed(shape, indexes))
    .map(({ shape, example }) => `${describeShape(shape)}\n      e.g. ${example}`);
}
