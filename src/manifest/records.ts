/**
 * Records keyed by names that come from a manifest or a model: classes, categories, inputs. Such
 * a name may be `__proto__`, `constructor` or `toString`, which a plain object already "has":
 * `labels['constructor']` is Object's constructor function, and `probabilities['__proto__'] = p`
 * sets the object's prototype instead of storing p (a class named so showed "NaN %"). These two
 * read and write own properties only.
 */

/** `record[key]` when `record` has `key` as its own property, else undefined. */
export function own<T>(
  record: Readonly<Record<string, T>> | undefined,
  key: string,
): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** `record[key] = value`, as a property of its own whatever `key` is. */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}
